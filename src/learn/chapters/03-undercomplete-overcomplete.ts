import type { Chapter } from '../types';
import { md } from './md';

export const undercompleteOvercomplete: Chapter = {
  id: 'undercomplete-overcomplete',
  title: 'Undercomplete vs overcomplete: the identity trap',
  summary: 'A narrow code forces a summary; a wide one can learn to copy. Why autoencoders need a regulariser.',
  steps: [
    {
      title: 'A narrow code',
      prose: md`
An **undercomplete** code ($K < d$) keeps the linear autoencoder from copying: it has to keep what varies most and drop the rest. Take it to the extreme, $K = 2$.

A narrow code is no guarantee on its own, though. With a powerful enough nonlinear encoder $f$ and decoder $g$, even $K = 1$ could in principle memorise the training digits, one code value per digit, and reconstruct them well while learning nothing useful about digits in general (the lecture's warning). Here $f$ and $g$ are linear, so the code can only be a projection.
      `,
      preset: { model: 'linear', latent: 2 },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: 'With $K = 2$, where will the test error level off? (Predicting the mean digit scores about 52.9.)',
        choices: ['Near 7, like $K = 64$', 'Near 27, like $K = 10$', 'Near 43: two directions keep under a fifth of the variance'],
        answer: 2,
        evidence: { claim: 'linear2-plateau' },
        run: { steps: 400 },
        explanation: md`
The PCA line for $K = 2$ sits at about 43.5 on the test digits: $\lambda_1 + \lambda_2$ is under a fifth of the total variance of 52.9. The reconstructions are blurry prototypes that get only the overall shape right.
        `,
      },
    },
    {
      title: 'A wider code',
      prose: md`
More code units, less error. The PCA test error per image on these digits, $\sum_{j > K} \lambda_j$ measured on held-out digits:

- $K = 2$: about 43.5
- $K = 10$: about 26.6
- $K = 20$: about 18.4
- $K = 32$: about 13.3
- $K = 64$: about 7.2

The eigenvalues fall fast: 64 numbers out of 784 keep about 86% of the variance. Here is $K = 64$.
      `,
      preset: { model: 'linear', latent: 64 },
      panels: ['loss', 'reconstructions'],
      highlight: 'reconstructions',
    },
    {
      title: 'Overcomplete: the identity trap',
      prose: md`
Now give the code as many units as there are pixels, $K = d = 784$. Nothing forces a summary any more: any $W_e$, $W_d$ with

$$W_e W_d = I, \qquad b_d = -b_e W_d$$

reconstruct every image exactly, $\hat{x} = x$, digit or noise alike. (The dashed PCA line is now at 0, so the loss axis switches to a linear scale.) A nonlinear network with more code units than inputs ($K > d$, **overcomplete**) can fall into the same trap.
      `,
      // A linear loss axis: the PCA line for K = 784 is 0, which a log axis cannot show.
      preset: { model: 'linear', latent: 784, logScale: false },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: 'With $K = 784$ code units, what happens to the test error as training goes on?',
        choices: ['It stops at the $K = 64$ level', 'It keeps falling toward 0, on test digits too', 'It falls on training digits but rises on test digits'],
        answer: 1,
        evidence: { claim: 'linear784-copy' },
        run: 'play',
        explanation: md`
A full-rank linear map that copies its input works on any image, so the test error falls with the training error. Low error was never the goal: the code must also be **useful** (compact, sparse, robust, or easy to sample from). A copy of the input in other coordinates has learned nothing about digits.
        `,
      },
    },
    {
      title: 'Why we regularise',
      prose: md`
The remedy is to keep the capacity but change the objective: add a penalty $\Omega$, or change what the network sees, so that copying is no longer optimal:

$$L = \frac{1}{B} \sum_{b=1}^{B} \ell(\hat{x}_b, x_b) + \lambda\, \Omega$$

- **Sparse** (chapter 4): $\Omega$ charges for active code units, so each image may use only a few.
- **Denoising** (chapter 5): the input is corrupted and the clean image is the target; the identity would copy the noise.
- **Contractive** (chapter 6): $\Omega = \lVert J_f(x) \rVert_F^2$ charges for how much the code moves when the input moves.
- **Variational** (chapter 8): noise in the code, and a KL term that charges for the information the code carries.
      `,
    },
  ],
};
