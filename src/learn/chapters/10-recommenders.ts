import type { Chapter } from '../types';
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
      preset: { ...movielens, model: 'mult-vae' },
    },
    {
      title: 'Why a multinomial likelihood',
      prose: md`
The decoder outputs one logit per item, $f(z)$, and a softmax turns them into a probability budget $\pi(z) = \operatorname{softmax}(f(z))$ that sums to 1 over all items. The user's clicks are scored as draws from it:

$$\log p(x_u \mid z_u) = \sum_{i=1}^{I} x_{ui} \log \pi_i(z_u)$$

and the lab's loss is its negative, averaged over a batch of $B$ users: $-\frac{1}{B} \sum_{b} \sum_{i} x_{bi} \log \operatorname{softmax}(f_b)_i$.

Why not a Bernoulli (or Gaussian) per item? The items **compete** for probability mass: raising one item's score must lower the others'. That is what top-$N$ ranking needs, and Liang et al. found it ranks better than the Gaussian or logistic likelihoods.
      `,
      preset: { ...movielens, model: 'mult-vae' },
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
      title: 'Mult-VAE with β < 1',
      prose: md`The **Mult-VAE** is the VAE of chapter 8 with the multinomial decoder: $I$-600-200-600-$I$ (${code('multHidden')} = 600, $K = 200$), tanh, the same normalise-then-dropout input, and

$$L = -\frac{1}{B} \sum_{b} \sum_{i} x_{bi} \log \operatorname{softmax}(f(z_b))_i + \beta \cdot \mathrm{KL}$$

$\beta$ is annealed linearly and **capped well below 1**: $\beta = \min(\beta_{\text{cap}}, t / N_{\text{anneal}})$ with $\beta_{\text{cap}} = 0.2$ (${code('betaCap')}; $N_{\text{anneal}}$ is ${code('annealSteps')}). Liang et al. found ranking quality peaks at $\beta \approx 0.2$ and falls as $\beta \to 1$: the ELBO is not the goal, a good ranking is (chapter 9's rate–distortion trade-off again). At evaluation the code is the posterior mean, $z = \mu$.`,
      preset: { ...movielens, model: 'mult-vae', multHidden: 600, latent: 200, betaCap: 0.2 },
      panels: ['model'],
      highlight: 'recsys-beta',
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
        run: 'play',
        explanation: md`
$\min(20, 3) = 3$, so Recall@20 $= 2/3$. Dividing by $k$ would cap this user at $3/20$ even for a perfect ranking.
        `,
      },
    },
  ],
};
