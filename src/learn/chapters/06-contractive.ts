import { PRESETS } from '../../settings/presets';
import type { Chapter } from '../types';
import { code, md } from './md';

const base = { model: 'contractive', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;
/** The contractive preset's tested promise (this chapter's first step runs the preset's settings). */
const promise = PRESETS.find((p) => p.id === 'contractive')?.claim;
if (!promise) throw new Error('The contractive preset is missing.');

export const contractive: Chapter = {
  id: 'contractive',
  title: 'Contractive autoencoders',
  summary: 'Penalise how much the code moves when the input moves: a cheap analytic Jacobian penalty, and saturated units.',
  steps: [
    {
      title: 'Penalise the Jacobian',
      prose: md`Rifai et al. (2011) make the code insensitive to small changes of the input by penalising the encoder's Jacobian $J_f(x) = \partial h / \partial x$, a $K \times d$ matrix:

$$L = \frac{1}{B} \sum_{b=1}^{B} \Big[\ell(\hat{x}_b, x_b) + \lambda \lVert J_f(x_b) \rVert_F^2\Big]$$

For one layer of sigmoid units, $h = \operatorname{sigmoid}(x W_e + b_e)$, each entry is $\partial h_j / \partial x_i = h_j (1 - h_j) (W_e)_{ij}$, so the penalty needs no Jacobian at all:

$$\lVert J_f(x) \rVert_F^2 = \sum_{j=1}^{K} \big(h_j (1 - h_j)\big)^2 \sum_{i=1}^{d} (W_e)_{ij}^2$$

$\lambda$ is the ${code('contractionWeight')} setting. (With tanh units the factor is $1 - h_j^2$; with deeper encoders the lab adds the penalty of every layer.)

The outlined panel plots the mean $\lVert J_f(x) \rVert_F^2$ over test digits. It rises while the code learns to tell digits apart, penalty or not, so read it against a plain autoencoder's: with seed 1, after ${String(promise.steps)} steps this run (the contractive preset's) is at most ${String(promise.value)}, while a plain autoencoder of the same size, trained as long on the same seed, is at least {claim:plain-jacobian}. The lab's tests check both numbers, and that this run ends below the plain one.`,
      preset: { ...base, contractionWeight: 0.1 },
      panels: ['model', 'loss'],
      highlight: 'jacobian',
    },
    {
      title: 'Two forces',
      prose: md`
The reconstruction term wants $h$ to change with $x$, or different digits could not be told apart. The penalty wants $h$ flat. The compromise: the code stays sensitive only along the few directions in which digits actually vary (the tangents of the digit manifold) and flat in all the others. Now make the penalty ten times stronger.
      `,
      preset: { ...base, contractionWeight: 1 },
      panels: ['model'],
      highlight: 'jacobian',
      question: {
        prompt: 'With $\\lambda = 1$ instead of 0.1, where will the mean $\\lVert J_f(x) \\rVert_F^2$ on test digits end after as many steps?',
        choices: [
          'About where $\\lambda = 0.1$ left it: the reconstruction term decides',
          'Much lower: the encoder is pushed flat around the data',
          'Higher: a stiffer penalty makes the code jumpier',
        ],
        answer: 1,
        evidence: { claim: 'contractive-strong' },
        run: 'play',
        explanation: md`
With seed 1 the lab's tests see it at most {claim:contractive-strong} after {claim:contractive-strong:steps} steps; step 1's $\lambda = 0.1$ run is tested to be at most ${String(promise.value)}, and a plain autoencoder's at least {claim:plain-jacobian}, so compare your curve with step 1's. The penalty leaves the code sensitive only along the few directions digits vary along, and in all the others the encoder can be made flat. One cheap way to be flat: the factor $h_j (1 - h_j)$ is largest at $h_j = 0.5$ and tiny near 0 and 1, so units **saturate**, except the few that track the digits' real variations.

The sensitivity panel shows what this does to the reconstruction: push a test digit a distance $\varepsilon$ in a random direction and read the gain $\lVert \Delta \hat{x} \rVert / \varepsilon$ there by eye. The tests measure only $\lVert J_f \rVert_F^2$, not this gain; judge for yourself whether the reconstruction stays the same digit.
        `,
      },
    },
    {
      title: 'Contractive and denoising',
      prose: md`
The two are close relatives. A denoising autoencoder with small Gaussian noise penalises, in expectation, $\sigma^2 \lVert J_r(x) \rVert_F^2$: the Jacobian of the whole **reconstruction** (chapter 5). The contractive autoencoder penalises only the **encoder's** Jacobian, analytically and without sampling noise. For one layer that penalty is exact; with a deeper encoder the lab adds each layer's own penalty (as step 1 says), which is not the norm of the whole encoder's Jacobian. Both learn representations that ignore directions off the data, and keep those along it.
      `,
    },
  ],
};
