import type { Chapter } from '../types';
import { RD_TRACE } from '../../runs/rd-trace';
import { code, md } from './md';

export const betaKl: Chapter = {
  id: 'beta-kl',
  title: 'β and the KL term: annealing, posterior collapse, rate against distortion',
  summary: 'The weight β on the KL term: warm it up, watch the code collapse when it is too large, and read β as a point on the rate–distortion curve.',
  steps: [
    {
      title: 'One knob: β',
      prose: md`The lab's VAE loss weights the KL term by $\beta$ (${code('betaMax')}):

$$L = \underbrace{\mathbb{E}_{q}\big[-\log p(x \mid z)\big]}_{\text{reconstruction}} + \beta(t) \cdot \mathrm{KL}$$

$\beta = 1$ is the ELBO. Smaller $\beta$ lets the code carry more information (sharper reconstructions, a less regular code); larger $\beta$ (a $\beta$-VAE) squeezes the code toward the prior. The terms are plotted separately; the ${code('beta')} series is a readout of $\beta(t)$, not part of the sum. Here $K = 16$ and $\beta = 1$.`,
      preset: { model: 'vae', latent: 16, betaSchedule: 'constant', betaMax: 1 },
      panels: ['model'],
      highlight: 'vae-elbo',
    },
    {
      title: 'Annealing: reconstruction first',
      prose: md`Early in training the KL term is easy to win (set $q = p$) while reconstruction is hard, so a VAE can settle for an uninformative code. **Linear warm-up** (Bowman et al. 2016) starts at $\beta = 0$ and ramps up over $N$ steps (${code('betaWarmupSteps')}):

$$\beta(t) = \beta_{\max} \cdot \min(1, t / N)$$

Two other schedules in the lab: **cyclical** (Fu et al. 2019) repeats the ramp: $T$ steps are split into $n$ cycles of length $L = T / n$, and with $\tau = (t \bmod L) / L$,

$$\beta(t) = \beta_{\max} \cdot \min(1, \tau / r)$$

rising over the fraction $r$ of each cycle (0.5 by default), then holding; after $T$ steps $\beta = \beta_{\max}$. **Logistic**: $\beta(t) = \beta_{\max} / (1 + e^{-k (t - x_0)})$.`,
      preset: { model: 'vae', latent: 16, betaSchedule: 'linear', betaMax: 1, betaWarmupSteps: 2000 },
      panels: ['model'],
      highlight: 'vae-beta',
      question: {
        prompt: 'During the warm-up, $\\beta$ grows from 0 to 1. What does the KL term do?',
        choices: ['Stays near 0 throughout', 'Rises first (the code is free), then is pushed back down as $\\beta$ grows', 'Falls steadily from the start'],
        answer: 1,
        evidence: { claim: 'vae16-anneal-falls', show: ['train/beta'] },
        run: 'play',
        explanation: md`
With $\beta \approx 0$ the code is free, so the encoder packs in as much as helps reconstruction and the KL climbs. As $\beta$ rises the KL gets expensive and the encoder gives back the least useful information: the KL falls to where each remaining nat pays for itself in reconstruction. With seed 1 the lab's tests see both: after {claim:vae16-anneal-rises:steps} steps the test KL is at least {claim:vae16-anneal-rises} nats, and after {claim:vae16-anneal-falls:steps} it is back down to at most {claim:vae16-anneal-falls}.
        `,
      },
    },
    {
      title: 'Posterior collapse',
      prose: md`
Make the KL term dominate: a constant $\beta = 20$. For each latent dimension $j$ the lab tracks $\mathrm{KL}_j$, the batch mean of $\tfrac{1}{2}(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1)$, and counts a dimension as **active** when $\mathrm{KL}_j > 0.01$ nats.
      `,
      preset: { model: 'vae', latent: 16, betaSchedule: 'constant', betaMax: 20 },
      panels: ['model', 'reconstructions'],
      highlight: 'vae-kl-bars',
      question: {
        prompt: 'With $\\beta = 20$, how many of the 16 latent dimensions stay active?',
        choices: ['All 16', 'About half', 'Few or none: the posterior collapses to the prior'],
        answer: 2,
        evidence: { claim: 'vae16-collapse', show: ['diag/activeDims'] },
        run: 'play',
        explanation: md`
Each nat of information now costs 20 nats of loss, more than almost any dimension saves in reconstruction. So $q(z \mid x) \to p(z)$ for every $x$: $\mu \to 0$, $\sigma \to 1$, $\mathrm{KL}_j \to 0$. The decoder, fed pure noise, learns to draw the mean digit. That is **posterior collapse**: with this step's settings the total KL is below {claim:vae16-collapse} nats after {claim:vae16-collapse:steps} steps.
        `,
      },
    },
    {
      title: 'Free bits',
      prose: md`**Free bits** (Kingma et al. 2016) let each dimension carry $\lambda$ nats at no charge (${code('freeBits')}):

$$\mathrm{KL}_\lambda = \sum_{j=1}^{K} \max(\lambda, \mathrm{KL}_j)$$

A dimension below $\lambda$ gets no KL gradient at all, so it is not pushed into collapse. The plotted KL is always the true one. Same $\beta = 20$ as before, with $\lambda = 0.5$ nats per dimension.`,
      preset: { model: 'vae', latent: 16, betaSchedule: 'constant', betaMax: 20, freeBits: 0.5 },
      panels: ['model', 'reconstructions'],
      highlight: 'vae-kl-bars',
    },
    {
      title: 'Rate against distortion',
      prose: md`Alemi et al. (2018) read the two terms as a **rate** $R$ (the KL: nats the code carries about $x$) and a **distortion** $D$ (the reconstruction term):

$$-\mathrm{ELBO} = D + R, \qquad L_\beta = D + \beta R$$

Minimising $D + \beta R$ picks the point on the achievable $R$–$D$ curve where its slope is $-\beta$. Small $\beta$: high rate, low distortion (an autoencoder that barely regularises). Large $\beta$: rate near 0, distortion of the mean digit (collapse). The ELBO weighs both equally; nothing says that is the point you want.

**Trace the curve** on the outlined panel trains this VAE at $\beta \in \{${RD_TRACE.betas.join(', ')}\}$ (held constant, on one seed, ${RD_TRACE.steps} steps each unless you change it), saves each run and ticks it for overlay, then reopens the run you had. The panel draws every pinned or ticked run of the same model, dataset and $K$ as a faint path, with its end point (its last test point) as a diamond labelled by its $\beta$; the diamonds, joined in order of $\beta$, trace the curve. Runs of another model, dataset or $K$ are listed as not comparable and not drawn.

What the lab claims, and its tests check: with $K = ${RD_TRACE.claim.latent}$ and seed ${RD_TRACE.claim.seed}, from ${RD_TRACE.minSteps} steps per $\beta$ on, the end points are in order: as $\beta$ rises the rate falls and the distortion rises,

$$\beta_i < \beta_j \;\Rightarrow\; R_i > R_j \text{ and } D_i < D_j$$

With fewer steps the runs have barely left their shared start and the order can break (in one run at 25 steps, an example whose end points the tests keep only as a fixture for the panel's order check, $\beta = 0.25$ still ended with a higher distortion than $\beta = 0.5$). Under the list of end points the panel says whether the order holds for the runs it draws.`,
      preset: { model: 'vae', latent: RD_TRACE.claim.latent, betaSchedule: 'constant', betaMax: 1 },
      panels: ['model'],
      highlight: 'vae-rate-distortion',
    },
  ],
};
