import type { Chapter } from '../types';
import { code, md } from './md';

const base = { model: 'sparse', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;

export const sparse: Chapter = {
  id: 'sparse',
  title: 'Sparse autoencoders',
  summary: 'Many code units, few active at a time: an L1 or KL penalty, and weight rows that tend toward local strokes.',
  steps: [
    {
      title: 'Few units at a time',
      prose: md`A sparse autoencoder keeps many code units (here $K = 196$, a quarter of the pixels) but asks each image to use only a few of them. With sigmoid units $h = \operatorname{sigmoid}(x W_e + b_e)$, the **L1 penalty** adds the size of the code to the reconstruction loss:

$$L = \frac{1}{B} \sum_{b=1}^{B} \ell(\hat{x}_b, x_b) + \lambda\, \frac{1}{B} \sum_{b=1}^{B} \sum_{k=1}^{K} \lvert h_{bk} \rvert$$

$\ell$ is the cross-entropy of chapter 1 and $\lambda$ is the ${code('sparsityWeight')} setting.`,
      preset: { ...base, sparsityKind: 'l1', sparsityWeight: 0.5 },
      panels: ['model', 'loss'],
      highlight: 'code-activity',
      question: {
        prompt: 'With the L1 penalty on, where will most code values $h_{bk}$ end up?',
        choices: ['Spread evenly between 0 and 1', 'Piled up near 0, each digit switching on a few units', 'Near 0.5, the middle of the sigmoid'],
        answer: 1,
        evidence: { claim: 'sparse-l1-code', show: ['diag/activeFraction'] },
        run: 'play',
        explanation: md`
Every unit of activation costs $\lambda$, whatever the unit does, so a unit that does not help reconstruct this digit is pushed to 0. The histogram piles up at 0, and each digit is described by the few units that pay for themselves. Without the penalty, sigmoid codes spread over the whole range and most units take part in most digits.
        `,
      },
    },
    {
      title: 'Sparsity as a target rate',
      prose: md`Instead of pushing every activation down, pick a target mean activation $\rho$ (the ${code('sparsityTarget')} setting, e.g. 0.05) and measure each unit's mean activation over the batch,

$$\hat{\rho}_k = \frac{1}{B} \sum_{b=1}^{B} h_{bk}$$

then penalise $\mathrm{KL}(\rho \,\|\, \hat{\rho}_k)$, the KL divergence between Bernoulli($\rho$) and Bernoulli($\hat{\rho}_k$), weighted by $\beta_s$ (the ${code('sparsityWeight')} setting again):

$$\Omega = \beta_s \sum_{k=1}^{K} \Big[\rho \log \frac{\rho}{\hat{\rho}_k} + (1 - \rho) \log \frac{1 - \rho}{1 - \hat{\rho}_k}\Big]$$

It is 0 only when every unit fires at rate $\rho$ on average, and grows large as $\hat{\rho}_k \to 0$ or $1$ (the lab clips $\hat{\rho}_k$ to $[10^{-6}, 1 - 10^{-6}]$, so it stays finite), so no unit can be always off or always on. It needs codes in $(0, 1)$: sigmoid units. The code activity panel plots every unit's $\hat{\rho}_k$ against $\rho$.`,
      preset: { ...base, sparsityKind: 'kl', sparsityWeight: 3, sparsityTarget: 0.05 },
      panels: ['weights', 'model'],
      highlight: 'weights',
      question: {
        prompt: 'With every unit firing for about 1 digit in 20, what will the weight rows look like?',
        choices: ['Whole-digit blobs, like the eigen-digits', 'Local pieces: strokes and edges at one place', 'Pure noise'],
        answer: 1,
        evidence: { claim: 'sparse-kl-active', show: ['diag/meanAbs'] },
        run: 'play',
        explanation: md`
If each unit may fire for only a few digits, it must detect a part that those digits share: a stroke at one position. A dense code spreads every digit over all units and gives global, eigen-digit-like rows; a sparse code gives local parts (Olshausen and Field saw the same on natural images). What the run measures is the sparsity: by step {claim:sparse-kl-active:steps} a test digit switches on at most a fraction {claim:sparse-kl-active} of the units on average, where a plain autoencoder of the same size switches on at least {claim:plain-active}. The strokes are for your eye: the lab has no test of how local a weight row is, so keep it training for a few thousand steps and judge the weight rows yourself.
        `,
      },
    },
    {
      title: 'How much sparsity?',
      prose: md`
The weight $\lambda$ trades reconstruction against sparsity. Back to L1, with a weight ten times larger.
      `,
      preset: { ...base, sparsityKind: 'l1', sparsityWeight: 5 },
      panels: ['reconstructions', 'loss'],
      highlight: 'reconstructions',
      question: {
        prompt: 'With $\\lambda$ ten times larger, what happens to the reconstructions?',
        choices: ['Sharper: fewer units, each more precise', 'Blurrier, drifting toward the mean digit', 'Unchanged: the penalty only affects the code'],
        answer: 1,
        evidence: { claim: 'sparse-l1-strong', show: ['diag/meanAbs'] },
        run: 'play',
        explanation: md`
Every active unit now costs $\lambda$ per unit of activation. Where that cost outweighs what the unit saves in reconstruction, it is switched off. In the limit the code is empty and the decoder bias draws the mean digit for every input.
        `,
      },
    },
  ],
};
