import type { Chapter } from '../types';
import { BETA_SWEEP } from '../../settings/recsys-settings';
import { code, md } from './md';

const movielens = { dataset: 'movielens-latest-small' } as const;

export const recommenders: Chapter = {
  id: 'recommenders',
  title: 'Autoencoders for recommendation',
  summary: 'Implicit feedback, a multinomial likelihood, dropout as the test scenario, and Mult-DAE and Mult-VAE with β < 1 (Liang et al. 2018).',
  steps: [
    {
      title: 'Implicit feedback',
      prose: md`
Swap images for people. Each user is a row $x_u \in \{0, 1\}^I$ over the $I$ movies: $x_{ui} = 1$ if they "clicked" movie $i$. Following Liang et al. (2018), a rating above 3.5 counts as a click and users with fewer than 5 clicks are dropped. This is **implicit** feedback: a 0 means "not seen", not "disliked".

The split is by **user**: training users train the model; held-out users (validation and test) each hand over 80% of their clicks as input (the "fold-in" set) and the model must rank the hidden 20% above everything else. Items the user already clicked are removed from the ranking.
      `,
      preset: { ...movielens, model: 'mult-vae', multHidden: 600, latent: 200 },
    },
    {
      title: 'Why a multinomial likelihood',
      prose: md`
The decoder outputs one logit per item, $f(z)$, and a softmax turns them into a probability budget $\pi(z) = \operatorname{softmax}(f(z))$ that sums to 1 over all items. The user's clicks are scored as draws from it:

$$\log p(x_u \mid z_u) = \sum_{i=1}^{I} x_{ui} \log \pi_i(z_u) + C_u$$

where $C_u = \log \big(N_u! / \prod_i x_{ui}!\big)$, with $N_u = \sum_i x_{ui}$ clicks, is the multinomial coefficient: it does not depend on the model, so the lab leaves it out. The lab's loss is the negative of the sum, averaged over a batch of $B$ users: $-\frac{1}{B} \sum_{b} \sum_{i} x_{bi} \log \operatorname{softmax}(f_b)_i$.

Why not a Bernoulli (or Gaussian) per item? The items **compete** for probability mass: raising one item's score must lower the others'. That is what top-$N$ ranking needs, and Liang et al. found it ranks better than the Gaussian or logistic likelihoods.

The lab computes those two as well (${code('clickLikelihood')}), from the same logits $f$ and the same L2-normalised input; each scores the raw clicks $x$ and ranks items by $f$. The Gaussian, with precision $c = 1$ and its constant left out:

$$\frac{1}{B} \sum_{b} \frac{1}{2} \sum_{i} (x_{bi} - f_{bi})^2$$

The logistic, a sigmoid cross-entropy per item, computed in the softplus form $\max(f, 0) - x f + \log(1 + e^{-\lvert f \rvert})$ so that no $\sigma(f)$ rounds to 0 or 1 inside a log:

$$-\frac{1}{B} \sum_{b} \sum_{i} \big[x_{bi} \log \sigma(f_{bi}) + (1 - x_{bi}) \log(1 - \sigma(f_{bi}))\big]$$

Each item is scored on its own there: raising one item's score does not lower the others'. The last step of this chapter trains with the Gaussian.

The embedded chart plots the loss per **user**; its "validation" line is the loss on the **validation** users' fold-in clicks (the test users are scored in the results table).
      `,
      preset: { ...movielens, model: 'mult-vae', multHidden: 600, latent: 200 },
      panels: ['loss'],
    },
    {
      title: 'Dropout as the test scenario',
      prose: md`At test time the model sees only part of a user's history. Training mimics that: the input is L2-normalised, then **dropout** keeps each click with probability $p = 0.5$ (${code('keepProb')}) and scales the survivors by $1/p = 2$:

$$\tilde{x}_u = \operatorname{dropout}\Big(\frac{x_u}{\lVert x_u \rVert_2}\Big)$$

while the loss still scores all of $x_u$. That is a denoising autoencoder (chapter 5) with masking noise, and the **Mult-DAE** is exactly this: $I$-200-$I$ with a tanh code, plus a weight penalty ($\lambda$ is ${code('weightDecay')}),

$$L = -\frac{1}{B} \sum_{b=1}^{B} \sum_{i=1}^{I} x_{bi} \log \operatorname{softmax}(f_b)_i + \lambda \sum_{W} \lVert W \rVert^2$$`,
      preset: { ...movielens, model: 'mult-dae', multHidden: 0, latent: 200 },
      panels: ['model'],
      highlight: 'recsys-ranking',
    },
    {
      title: 'Mult-VAE: anneal β to 1, read off the peak',
      prose: md`The **Mult-VAE** is the VAE of chapter 8 with the multinomial decoder: $I$-600-200-600-$I$ (${code('multHidden')} = 600, $K = 200$), tanh, the same normalise-then-dropout input, and

$$L = -\frac{1}{B} \sum_{b} \sum_{i} x_{bi} \log \operatorname{softmax}(f(z_b))_i + \beta_t \cdot \mathrm{KL}$$

$\beta$ is annealed linearly from 0 and **capped**, one rule for the model and every panel:

$$\beta_t = \min(\beta_{\text{cap}}, t / T)$$

after $t$ updates, with $\beta_{\text{cap}}$ = ${code('betaCap')} (0.2 by default) and $T$ = ${code('annealSteps')}. At evaluation the code is the posterior mean, $z = \mu$.

Where does 0.2 come from? Liang et al. chose it on validation data: anneal $\beta$ to 1, watch validation NDCG@100, then retrain with $\beta$ capped at the peak. This step runs that sweep: $\beta_{\text{cap}} = 1$ and $T$ = ${BETA_SWEEP.annealSteps.toLocaleString('en')} updates. Train it for ${BETA_SWEEP.annealSteps.toLocaleString('en')} steps (the run does not stop by itself): then $\beta_t = t / T$ reaches 1 at the end and not before (past $T$ it stays 1). The outlined panel plots each validation pass (NDCG@100, defined in the next step) against the $\beta_t$ of its step and marks the best; its button retrains with ${code('betaCap')} at that $\beta$, rounded to 2 decimals, and $T$ unchanged. On MovieLens-20M the peak was near $\beta = 0.2$, and ranking got worse as $\beta \to 1$: the ELBO is not the goal, a good ranking is (chapter 9's rate–distortion trade-off again). Here a few dozen validation users make the curve noisy, so read its peak as an estimate.`,
      preset: { ...movielens, model: 'mult-vae', multHidden: 600, latent: 200, ...BETA_SWEEP },
      panels: ['model'],
      highlight: 'recsys-beta-select',
    },
    {
      title: 'Scoring a ranking: Recall and NDCG',
      prose: md`
For a held-out user with hidden items $T$, rank all items not in the fold-in set and look at the top $k$:

$$\mathrm{Recall}@k = \frac{\lvert \text{top-}k \cap T \rvert}{\min(k, \lvert T \rvert)}$$

$$\mathrm{DCG}@k = \sum_{r=1}^{k} \frac{[\text{item}_r \in T]}{\log_2(r + 1)}, \qquad \mathrm{NDCG}@k = \frac{\mathrm{DCG}@k}{\sum_{r=1}^{\min(k, \lvert T \rvert)} 1 / \log_2(r + 1)}$$

Dividing by $\min(k, \lvert T \rvert)$ rather than $\lvert T \rvert$ makes 1 reachable. On MovieLens-20M Liang et al. report for the Mult-VAE Recall@20 = 0.395, Recall@50 = 0.537, NDCG@100 = 0.426, and for the Mult-DAE 0.387, 0.524 and 0.419.
      `,
      preset: { ...movielens, model: 'mult-vae', multHidden: 600, latent: 200, betaCap: 0.2 },
      panels: ['model'],
      highlight: 'recsys-results',
      question: {
        prompt: 'A user has 3 hidden items and the model puts 2 of them in its top 20. What is Recall@20?',
        choices: ['$2/20 = 0.1$', '$2/3 \\approx 0.67$', '$2/100 = 0.02$'],
        answer: 1,
        evidence: { steps: 1, criterion: { series: 'val/recall@20', op: '>=', value: 0 } },
        run: 'play',
        explanation: md`
$\min(20, 3) = 3$, so Recall@20 $= 2/3$. Dividing by $k$ would cap this user at $3/20$ even for a perfect ranking.
        `,
      },
    },
    {
      title: 'Gaussian and logistic likelihoods',
      prose: md`This step trains the Mult-DAE of step 3 with one change: ${code('clickLikelihood')} is ${code('gaussian')}, so the loss is

$$\frac{1}{B} \sum_{b} \frac{1}{2} \sum_{i} (x_{bi} - f_{bi})^2 + \lambda \sum_{W} \lVert W \rVert^2$$

Every unclicked item now pulls its score toward 0 and every click toward 1, each on its own. Press play and compare NDCG@100 in the outlined results table with what step 3's multinomial run reached after as many steps; then set ${code('clickLikelihood')} to ${code('logistic')} in the settings for the third likelihood. The loss curves are not comparable across likelihoods (different units); the ranking metrics are.`,
      preset: { ...movielens, model: 'mult-dae', multHidden: 0, latent: 200, clickLikelihood: 'gaussian' },
      panels: ['model'],
      highlight: 'recsys-results',
    },
  ],
};
