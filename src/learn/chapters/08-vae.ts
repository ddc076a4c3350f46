import type { Chapter } from '../types';
import { code, md } from './md';

export const vae: Chapter = {
  id: 'vae',
  title: 'Probabilistic autoencoders and the VAE: generating digits',
  summary: 'Encode to a distribution, sample a code, decode to a likelihood; train on reconstruction + KL, then draw new digits.',
  steps: [
    {
      title: 'From a code to a distribution',
      prose: md`
A variational autoencoder (Kingma and Welling 2014) makes both halves probabilistic. The encoder outputs a Gaussian over codes, through two heads $\mu(x)$ and $\log \sigma^2(x)$; the prior is a standard normal; the decoder outputs logits $l$ whose sigmoid is the mean image:

$$q(z \mid x) = \mathcal{N}\big(\mu(x), \operatorname{diag} \sigma^2(x)\big), \qquad p(z) = \mathcal{N}(0, I), \qquad \hat{x} = \operatorname{sigmoid}(l(z))$$

and $p(x \mid z)$ is a Bernoulli per pixel with that mean. To backpropagate through the sampling, the lab **reparameterises**: one sample per image and step,

$$z = \mu + \sigma \odot \epsilon, \qquad \sigma = \exp\big(\tfrac{1}{2} \log \sigma^2\big), \qquad \epsilon \sim \mathcal{N}(0, I)$$

so the randomness sits in $\epsilon$ and gradients flow through $\mu$ and $\sigma$. Here $K = 2$, so the code can be drawn.
      `,
      preset: { model: 'vae', latent: 2 },
      panels: ['reconstructions', 'model'],
      highlight: 'vae-latent',
    },
    {
      title: 'The loss: reconstruction + KL',
      prose: md`
The VAE minimises, in nats per image (batch mean),

$$L = \mathbb{E}_{q(z \mid x)}\big[-\log p(x \mid z)\big] + \beta \cdot \mathrm{KL}\big(q(z \mid x) \,\|\, p(z)\big)$$

The first term is the Bernoulli cross-entropy of chapter 1, from the logits: $\sum_{i=1}^{D} \big[\max(l_i, 0) - l_i x_i + \log(1 + e^{-\lvert l_i \rvert})\big]$ with $D = 784$. The KL between two Gaussians has a closed form, summed over the $K$ latent dimensions:

$$\mathrm{KL} = \sum_{j=1}^{K} \tfrac{1}{2}\big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big)$$

With $\beta = 1$ the sum is the negative **ELBO**, an upper bound on $-\log p(x)$. The test curve shows this bound with $\beta$ ignored, estimated with one sample of $z$ per test digit: an unbiased but noisy estimate of it, not the exact bound.
      `,
      panels: ['model'],
      highlight: 'vae-elbo',
      question: {
        prompt: 'Suppose the encoder says $\\mu = 0$, $\\sigma = 1$ for every digit. What is the KL term?',
        choices: ['0', 'About $K$ nats', 'Infinite'],
        answer: 0,
        evidence: { claim: 'vae2-kl' },
        run: { steps: 200 },
        explanation: md`
$\tfrac{1}{2}(0 + 1 - 0 - 1) = 0$ per dimension: a code that says nothing about $x$ costs nothing. As training separates the digits, $\mu$ moves away from 0 and $\sigma$ shrinks below 1, and the KL rises: it is the price, in nats, of the information the code carries about $x$.
        `,
      },
    },
    {
      title: 'Generating digits',
      prose: md`
To generate, skip the encoder: draw $z \sim \mathcal{N}(0, I)$ and decode. With $K = 2$ the lab also decodes a whole grid of codes, placed at Gaussian quantiles so that each tile holds the same prior mass (Kingma and Welling, Fig. 4):

$$z = \Phi^{-1}\Big(\frac{i + \frac{1}{2}}{g}\Big), \qquad i = 0, \dots, g - 1$$

The random codes panel decodes codes drawn from $\mathcal{N}(0, I)$ beside those of the last other model this page ran, with each sample's distance to the nearest test digit. Train a plain autoencoder of the same code size in the lab first, then this VAE, and look at the two side by side: a plain AE's code space was never pulled toward the prior, so judge whether its random codes decode to digits as often as the VAE's do.
      `,
      panels: ['model'],
      highlight: 'vae-generation',
      question: {
        prompt: 'Decode codes drawn from the prior $\\mathcal{N}(0, I)$. What do you get?',
        choices: ['Copies of training digits', 'New digit-like images, morphing smoothly between classes', 'Noise: the decoder only knows the codes of training digits'],
        answer: 1,
        evidence: { claim: 'vae2-bound', show: ['test/kl'] },
        run: 'play',
        explanation: md`
The KL term pulls every $q(z \mid x)$ toward $\mathcal{N}(0, I)$, so the codes of the training digits cover the prior without large holes, and the decoder has learned to draw something wherever a prior sample lands. Between clusters one digit morphs into another. The images are blurry because the lab shows the decoder's mean $\operatorname{sigmoid}(l)$, not a sample of pixels.
        `,
      },
    },
    {
      title: 'An honest baseline',
      prose: md`Is $-\mathrm{ELBO}$ good? Compare it with the simplest generative model: every pixel independent, with the training mean image $m$ as its mean. It scores, per test image,

$$-\sum_{i=1}^{D} \big[x_i \log m_i + (1 - x_i) \log(1 - m_i)\big]$$

A VAE whose decoder ignored $z$ would land exactly there, with KL = 0. Its code is worth the KL it pays only if the bound falls well below this line. Do not compare with binarised-MNIST likelihoods from papers: grey-level targets have a floor of their own (chapter 1).

The Gaussian likelihood (the ${code('likelihood')} setting) scores $\lVert x - \hat{x} \rVert^2 / (2\sigma^2) + \tfrac{D}{2} \log(2\pi\sigma^2)$ with a fixed $\sigma = 0.1$, constant included, so its values are true nats and can be negative.`,
      panels: ['model'],
      highlight: 'vae-elbo',
    },
  ],
};
