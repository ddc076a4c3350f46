import { quoteTotalVariance } from '../pca-figures';
import type { Chapter } from '../types';
import { code, md } from './md';

export const encoderDecoder: Chapter = {
  id: 'encoder-decoder',
  title: 'Encoder, decoder, code and reconstruction',
  summary: 'What an autoencoder is, what it is trained to do, and the two losses it is trained with: squared error and cross-entropy.',
  steps: [
    {
      title: 'Copy the input through a bottleneck',
      prose: md`
An autoencoder is trained to copy its input. The **encoder** maps an image $x$ (a row of $d = 784$ pixel values in $[0, 1]$) to a **code** $h$ of $K$ numbers; the **decoder** maps the code back to a **reconstruction** $\hat{x}$:

$$h = f(x) = s_e(x W_e + b_e), \qquad \hat{x} = g(h) = s_d(h W_d + b_d)$$

As in the lecture, $f$ is the encoder and $g$ the decoder; $s_e$ and $s_d$ are their activation functions. One convention holds throughout: as in the code, an image is a **row** vector, so a layer multiplies on the right. $W_e$ is $d \times K$ and $W_d$ is $K \times d$; the lecture's column-vector $h = s(W x + b)$ has $W = W_e^\top$.

When $K < d$ the code is a bottleneck: a linear network cannot copy pixel by pixel, so it has to find what the digits have in common.

The lab starts with the simplest case: $s_e$ and $s_d$ are the identity (a **linear** autoencoder) and $K = 16$.

Read the code $h$ as **how much each feature is present** in $x$: row $k$ of $W_d$ is a tile that unit $k$ writes, and $\hat{x} = h_1 (W_d)_1 + \dots + h_K (W_d)_K + b_d$. The code view panel, among the model's panels, draws one test digit's $h$ as bars and the tiles weighted by $h_k$ adding up to its reconstruction: after training, look at which features that digit uses.
      `,
      preset: { model: 'linear', latent: 16 },
      panels: ['reconstructions', 'model'],
      highlight: 'reconstructions',
      question: {
        prompt: 'Sixteen numbers for 784 pixels. After 500 training steps the reconstructions will be…',
        choices: ['pixel-perfect copies of the originals', 'blurry but recognisable digits', 'one and the same grey blob for every digit'],
        answer: 1,
        evidence: { claim: 'linear16-blurry' },
        run: { steps: 500 },
        explanation: md`
Sixteen numbers cannot hold 784 pixels, but digits are far from random images: a few directions (the average stroke, its thickness, slant, loops) explain most of the variation. The code keeps the strongest of them, so outlines survive and fine detail blurs.

The grey blob is what $K = 0$ would give: the decoder bias $b_d$ alone, which learns the mean image.
        `,
      },
    },
    {
      title: 'Squared error',
      prose: md`The network learns by making $\hat{x}$ close to $x$. The linear autoencoder minimises the squared error of each image, **summed** over its $d$ pixels and averaged over a minibatch of $B$ images (the ${code('batchSize')} setting, 64 by default):

$$L = \frac{1}{B} \sum_{b=1}^{B} \lVert \hat{x}_b - x_b \rVert^2 = \frac{1}{B} \sum_{b=1}^{B} \sum_{i=1}^{d} (\hat{x}_{bi} - x_{bi})^2$$

This is the number on the loss chart, "Loss per image": a value of 20 means a total squared error of 20 over the 784 pixels of a typical image. Predicting every digit by the mean digit scores the total variance, about ${quoteTotalVariance()} on these digits.

Squared error is, up to constants, the negative log-likelihood of "pixel = reconstruction + Gaussian noise of fixed variance".`,
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
    },
    {
      title: 'Cross-entropy for pixels in [0, 1]',
      prose: md`
When the decoder ends in a sigmoid, $\hat{x} = \operatorname{sigmoid}(a)$ with logits $a = h W_d + b_d$, each output is a number in $(0, 1)$ that can be read as the probability of ink, and the natural loss is the Bernoulli cross-entropy, summed over pixels:

$$\ell(\hat{x}, x) = -\sum_{i=1}^{d} \big[x_i \log \hat{x}_i + (1 - x_i) \log(1 - \hat{x}_i)\big]$$

The lab computes it from the logits, the same number without overflow for any $a$:

$$\ell = \sum_{i=1}^{d} \big[\max(a_i, 0) - a_i x_i + \log(1 + e^{-\lvert a_i \rvert})\big]$$

Two things differ from squared error. The gradient with respect to a logit is simply $\hat{x}_i - x_i$, so a confidently wrong pixel is not slowed down by a flat sigmoid. And the minimum is not 0: MNIST pixels are grey levels, not 0 or 1.
      `,
      preset: { model: 'autoencoder', latent: 32, activation: 'sigmoid', lossKind: 'cross-entropy' },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: 'Train with cross-entropy for a long time. Can the loss reach 0?',
        choices: ['Yes, once the reconstructions are perfect', 'No: grey pixels keep a floor above 0', 'Only on the training digits'],
        answer: 1,
        evidence: { claim: 'ae32-ce-floor' },
        run: 'play',
        explanation: md`
Even a perfect reconstruction $\hat{x} = x$ leaves, for a grey pixel, its own entropy $-[x \log x + (1 - x) \log(1 - x)] > 0$. So compare a model with the **mean-image decoder** (every digit predicted by the training mean), not with zero, and not with published numbers on binarised MNIST.
        `,
      },
    },
  ],
};
