import type { Chapter } from '../types';
import { code, md } from './md';

const base = { model: 'denoising', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;

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

Fresh noise is drawn at every step; the test loss is measured on clean inputs.`,
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
        evidence: { steps: 300, show: ['test/loss'] },
        run: 'play',
        explanation: md`
That is exactly what it was trained to do: **inpainting**. Geometrically, corruption pushes a digit off the thin set of images that look like digits, and the network learns to map such points back onto it (Vincent et al. 2008). Whole missing strokes come back where the visible pixels make them likely.
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
