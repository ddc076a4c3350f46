import { PRESETS } from '../../settings/presets';
import { KNN_PERCENT, PCA_TEST_ERROR, quotePca, quoteTotalVariance, VARIANCE_KEPT_PERCENT } from '../pca-figures';
import type { Chapter } from '../types';
import { md } from './md';

/** The lab's preset for the lecture's warning: the step runs exactly its settings, and its tested claim is the number the text quotes. */
const warning = PRESETS.find((p) => p.id === 'undercomplete-warning');
if (!warning) throw new Error('The undercomplete-warning preset is missing.');
const { claim } = warning;
/** PCA's test error per image for K = 1 on the seed-1 split (src/learn/pca-figures.ts; test/unit/undercomplete-warning.test.ts measures it too). */
export const PCA_K1_TEST_ERROR = PCA_TEST_ERROR[1];
/** A PCA figure rounded to a whole number, for the answer choices ("Near 26"). */
const near = (k: keyof typeof PCA_TEST_ERROR): string => String(Math.round(PCA_TEST_ERROR[k]));

export const undercompleteOvercomplete: Chapter = {
  id: 'undercomplete-overcomplete',
  title: 'Undercomplete vs overcomplete: the identity trap',
  summary: 'A narrow code forces a summary; a wide one can learn to copy. Why autoencoders need a regulariser.',
  steps: [
    {
      title: 'A narrow code',
      prose: md`
An **undercomplete** code ($K < d$) keeps the linear autoencoder from copying: it has to keep what varies most and drop the rest. Take it to the extreme, $K = 2$.

A narrow code is no guarantee on its own, though. With a powerful enough nonlinear encoder $f$ and decoder $g$, even $K = 1$ could in principle memorise the training digits, one code value per digit, and reconstruct them well while learning nothing useful about digits in general (the lecture's warning). Here $f$ and $g$ are linear, so the code can only be a projection; a later step tries the warning live.
      `,
      preset: { model: 'linear', latent: 2 },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: `With $K = 2$, where will the test error level off? (Predicting the mean digit scores about ${quoteTotalVariance()}.)`,
        choices: [`Near ${near(64)}, like $K = 64$`, `Near ${near(10)}, like $K = 10$`, `Near ${near(2)}: two directions keep under a fifth of the variance`],
        answer: 2,
        evidence: { claim: 'linear2-plateau' },
        run: { steps: 400 },
        explanation: md`
The PCA line for $K = 2$ sits at about ${quotePca(2)} on the test digits: $\lambda_1 + \lambda_2$ is ${String(VARIANCE_KEPT_PERCENT[2])}% of the total variance of ${quoteTotalVariance()}, under a fifth. The reconstructions are blurry prototypes that get only the overall shape right.
        `,
      },
    },
    {
      title: 'A wider code',
      prose: md`
More code units, less error. The PCA test error per image on these digits, $\sum_{j > K} \lambda_j$ measured on held-out digits:

- $K = 2$: about ${quotePca(2)}
- $K = 10$: about ${quotePca(10)}
- $K = 20$: about ${quotePca(20)}
- $K = 32$: about ${quotePca(32)}
- $K = 64$: about ${quotePca(64)}

The eigenvalues fall fast: 64 numbers out of 784 keep about ${String(VARIANCE_KEPT_PERCENT[64])}% of the variance. Here is $K = 64$.
      `,
      preset: { model: 'linear', latent: 64 },
      panels: ['loss', 'reconstructions'],
      highlight: 'reconstructions',
    },
    {
      title: 'The undercomplete warning',
      prose: md`
A narrow code keeps a linear autoencoder honest. Now keep the code at a single number, $K = 1$, but make $f$ and $g$ deep and wide: 784-256-256-1 and back, ReLU units, squared error (the **undercomplete warning** preset). The best any straight line through the digits can do is PCA with $K = 1$: a test error of about ${String(PCA_K1_TEST_ERROR)}.

Nothing in the loss asks the code to be a summary. Powerful enough $f$ and $g$ could give every training digit its own code value and decode each one back, a lookup table that has learned nothing about digits in general. Watch the train and test curves, and the reconstructions.
      `,
      preset: warning.settings,
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: `After ${String(claim.steps)} steps, where is this network's test error, against PCA's ${String(PCA_K1_TEST_ERROR)} for $K = 1$?`,
        choices: [
          'Near it: one number is one number, whatever $f$ and $g$ are',
          'Below it on the test digits too: the one number moves along a curve',
          'Near 0 on the training digits and far above it on the test digits: a lookup table',
        ],
        answer: 1,
        evidence: { steps: claim.steps, criterion: { series: 'test/loss', op: claim.op, value: claim.value }, show: ['train/loss'] },
        run: { steps: claim.steps },
        explanation: md`
With seed 1 the test error is at ${String(claim.value)} or less after ${String(claim.steps)} steps, below the best line's ${String(PCA_K1_TEST_ERROR)}, and the lab's tests check it. Deep $f$ and $g$ use the one number as a position along a curve that bends through digit space, which no line can follow. The reconstructions show what one number buys: a few blurry prototypes, whichever one the number points at.

That is the warning in its mild form: the narrow code does not make $f$ and $g$ simple. The strong form, a lookup table, did not show up in our runs. In one run of 2,000 steps (seed 1, an example, not a test) the test error kept falling, to 38.4, and the training error stayed within a unit of it (37.7). A single number did not come to index 8,000 digits in a few minutes of training. The warning is about what the loss allows: nothing in it would stop a lookup table if training found one. And one number is a poor feature. In the same run, a 5-nearest-neighbour vote on the code labelled 51% of the test digits correctly. That beats PCA's first component (${String(KNN_PERCENT.pca1)}%) but falls far short of the raw pixels (${String(KNN_PERCENT.pixels)}%). The lab's Feature learning panel measures this for any model.
        `,
      },
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
