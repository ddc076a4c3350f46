import { PRESETS } from '../../settings/presets';
import { claimById } from '../claims';
import type { Chapter } from '../types';
import { code, md } from './md';

const base = { model: 'denoising', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;
/** The identity-trap preset's tested promise: its clean test error after so many steps. */
const trap = PRESETS.find((p) => p.id === 'identity-trap')?.claim;
if (!trap) throw new Error('The identity-trap preset is missing.');
/** The masked fraction the identity-trap claim scores, in percent. */
const trapMasked = Math.round(100 * (claimById('identity-trap-masked').settings.noiseLevel ?? NaN));

export const denoising: Chapter = {
  id: 'denoising',
  title: 'Denoising autoencoders and inpainting',
  summary: 'Corrupt the input, score the clean image: the identity stops working and the network learns what digits look like.',
  steps: [
    {
      title: 'Corrupt the input, score the clean image',
      prose: md`Vincent et al. (2008): draw a corrupted copy $\tilde{x} \sim q(\tilde{x} \mid x)$ of each input, encode **it**, and score the reconstruction against the **clean** $x$:

$$L = \frac{1}{B} \sum_{b=1}^{B} \ell\big(g(f(\tilde{x}_b)), x_b\big)$$

The identity is no longer a solution: copying $\tilde{x}$ reproduces the noise. The corruptions (${code('noiseKind')}, with ${code('noiseLevel')} as $\nu$ or $\sigma$), each pixel independently:

- masking: $\tilde{x}_i = 0$ with probability $\nu$, else $x_i$
- salt-and-pepper: $\tilde{x}_i$ is 0 or 1 (even odds) with probability $\nu$, else $x_i$
- Gaussian: $\tilde{x} = x + \sigma \epsilon$ with $\epsilon \sim \mathcal{N}(0, I)$

Fresh noise is drawn at every step; the test loss is measured on clean inputs. The loss chart adds a dotted test curve for what the lecture is after: the same test digits corrupted the same way every time (one fixed draw at the current ${code('noiseKind')} and ${code('noiseLevel')}), restored by the network and scored against the clean digits, in the same units.

A network trained to copy copies the holes too. The plain 1,024-unit network of the identity-trap preset, trained on clean digits, is at most ${String(trap.value)} nats on clean test digits after ${String(trap.steps)} steps, but at least {claim:identity-trap-masked} on the same digits with ${String(trapMasked)}% of their pixels masked.`,
      preset: { ...base, noiseKind: 'masking', noiseLevel: 0.3 },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
    },
    {
      title: 'Inpainting',
      prose: md`
Mask half of the pixels of every training input, $\nu = 0.5$. To score well on pixels it cannot see, the network must predict them from the ones it can: it has to learn how pixels of a digit depend on each other. The denoising panel shows test digits clean, corrupted and restored; on the pad you can draw a digit of your own, or rub part of one out.
      `,
      preset: { ...base, noiseKind: 'masking', noiseLevel: 0.5 },
      panels: ['model'],
      highlight: 'denoise',
      question: {
        prompt: 'Give the trained network a digit with half of its pixels zeroed. What comes out?',
        choices: ['The same digit with the same holes', 'A complete digit: the holes filled in', 'Noise: it never saw that exact input'],
        answer: 1,
        evidence: { claim: 'denoise-restores', show: ['test/loss'] },
        run: 'play',
        explanation: md`
That is exactly what it was trained to do: **inpainting**. Geometrically, corruption pushes a digit off the thin set of images that look like digits, and the network learns to map such points back onto it (Vincent et al. 2008). Whole missing strokes come back where the visible pixels make them likely.

The dotted curve measures it on the test digits, half of their pixels masked. With seed 1, after {claim:denoise-restores:steps} steps the restored digits score at most {claim:denoise-restores} nats of cross-entropy against the clean ones. A plain autoencoder of the same size, trained as long on clean digits, scores at least {claim:plain-masked} on the same masked digits. The lab's tests check both numbers, and that the denoising run ends below the plain one.
        `,
      },
    },
    {
      title: 'Small Gaussian noise points uphill',
      prose: md`
With small Gaussian noise the best denoiser $r(x) = g(f(x))$ has a neat reading (Alain and Bengio 2014): it moves each input toward where the data is dense,

$$r(x) - x \approx \sigma^2\, \nabla_x \log p(x)$$

And for small $\sigma$ (expanding $r$ to first order), the expected squared error under noise is the clean error plus a penalty on the whole network's Jacobian $J_r$:

$$\mathbb{E}_{\epsilon} \lVert r(x + \sigma \epsilon) - x \rVert^2 \approx \lVert r(x) - x \rVert^2 + \sigma^2 \lVert J_r(x) \rVert_F^2$$

which leads straight to the next chapter. Both results are stated for squared error, so this step trains with it (${code('lossKind')} = ${code('squared')}), not with the cross-entropy of the steps before.
      `,
      preset: { ...base, lossKind: 'squared', noiseKind: 'gaussian', noiseLevel: 0.3 },
      panels: ['loss', 'reconstructions'],
    },
  ],
};
