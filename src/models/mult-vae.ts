import * as tf from '@tensorflow/tfjs-core';
import { klPerDimension, klTotal } from '../math/kl';
import { cappedBeta } from '../settings/recsys-settings';
import { checkClickLikelihood, clickNll, type ClickLikelihood } from './click-likelihoods';
import { l2NormalizeRows, MULT_LAYERS } from './dense-layer';
import { denseStack, layerNames } from './layer-stack';
import type { AmortizedPosterior } from './amortization-gap';
import type { Autoencoder, LossTerms } from './model';

export interface MultAeOptions {
  items: number;
  /** Hidden sizes between the items and the code, e.g. [600] with latent 200 (I-600-200-600-I). */
  hidden: number[];
  latent: number;
  /** Probability of keeping an input click during training (0.5 in the paper). */
  keepProb: number;
  /** p(x | z) of the clicks (Liang et al. §2.2); 'multinomial' unless set. */
  likelihood?: ClickLikelihood;
  seed: number;
}

export interface MultVaeOptions extends MultAeOptions {
  /** β reaches betaMax after this many updates: β = min(β_max, updates / annealSteps). */
  annealSteps: number;
  betaMax: number;
}

/**
 * β = min(β_max, step / annealSteps): Liang et al.'s linear annealing with a cap. It is the settings'
 * cappedBeta itself, so the model, the panels and the β-selection sweep share one rule.
 */
export function annealedBeta(step: number, annealSteps: number, betaMax: number): number {
  return cappedBeta(step, annealSteps, betaMax);
}

function dropoutInput(x: tf.Tensor2D, keepProb: number, seed: number): tf.Tensor2D {
  // Inverted dropout on the normalised input, as tf.nn.dropout does.
  return keepProb >= 1 ? x : (tf.dropout(x, 1 - keepProb, undefined, seed) as tf.Tensor2D);
}

/**
 * Mult-VAE (Liang et al. 2018): x → L2-normalise → dropout → tanh layers → (μ, log σ²);
 * z = μ + σ ⊙ ε; z → tanh layers → logits f over items.
 * Loss per user: −log p(x | f) + β · KL(q(z|x) ‖ N(0, I)), with −log p(x | f) = −Σ_i x_i log softmax(f)_i
 * by default (or the Gaussian or logistic one: click-likelihoods.ts); at evaluation z = μ.
 */
export function createMultVae(o: MultVaeOptions): Autoencoder & AmortizedPosterior {
  if (!(o.items >= 2) || !(o.latent >= 1)) throw new Error('Mult-VAE needs at least 2 items and 1 latent unit.');
  if (!(o.keepProb > 0 && o.keepProb <= 1)) throw new Error(`keep probability must be in (0, 1] (got ${o.keepProb}).`);
  const likelihood = checkClickLikelihood(o.likelihood);
  // Layer seeds: encoder trunk seed + i, μ seed + 101, log σ² seed + 102, decoder seed + 201 + i.
  const n = o.hidden.length;
  const trunk = denseStack({ names: layerNames('encoder', n), sizes: [o.items, ...o.hidden], seed: o.seed, ...MULT_LAYERS });
  const head = (name: string, seed: number) => denseStack({ names: [name], sizes: [trunk.sizes[n], o.latent], seed, ...MULT_LAYERS, activation: 'linear' });
  const muHead = head('encoder/mu', o.seed + 101);
  const logVarHead = head('encoder/logvar', o.seed + 102);
  const decoder = denseStack({
    names: layerNames('decoder', n + 1),
    sizes: [o.latent, ...[...o.hidden].reverse(), o.items],
    seed: o.seed + 201,
    ...MULT_LAYERS,
    output: 'linear',
  });
  const vars: Record<string, tf.Variable> = { ...trunk.variables, ...muHead.variables, ...logVarHead.variables, ...decoder.variables };
  let annealSteps = o.annealSteps;
  let betaMax = o.betaMax;

  const posterior = (x: tf.Tensor2D, train: boolean, step: number) => {
    let h = l2NormalizeRows(x);
    if (train) h = dropoutInput(h, o.keepProb, o.seed * 7 + step);
    h = trunk.apply(h);
    return { mu: muHead.apply(h), logVar: logVarHead.apply(h) };
  };
  const decode = (z: tf.Tensor2D): tf.Tensor2D => decoder.apply(z); // logits over items: the ranking scores
  const terms = (x: tf.Tensor2D, train: boolean, step: number): LossTerms => {
    const { mu, logVar } = posterior(x, train, step);
    // z = μ + σ ⊙ ε in training; z = μ at evaluation.
    const z = train ? tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), tf.randomNormal(mu.shape, 0, 1, 'float32', o.seed * 13 + step))) : mu;
    // The encoder sees x / ‖x‖₂; the likelihood scores the raw clicks x.
    const reconstruction = clickNll(likelihood, decode(z as tf.Tensor2D), x);
    const kl = klTotal(mu, logVar);
    const beta = train ? annealedBeta(step, annealSteps, betaMax) : betaMax;
    return { total: tf.add(reconstruction, tf.mul(kl, beta)), terms: { reconstruction, kl, beta: tf.scalar(beta) } };
  };

  return {
    family: 'mult-vae',
    inputDim: o.items,
    latent: o.latent,
    variables: () => vars,
    loss: (x, step) => terms(x, true, step),
    evalLoss: (x) => terms(x, false, 0),
    encode: (x) => posterior(x, false, 0).mu,
    decode,
    reconstruct: (x) => decode(posterior(x, false, 0).mu),
    // q(z|x) and −log p(x | f) on their own: the amortization gap refits q per user (amortization-gap.ts).
    posterior: (x) => posterior(x, false, 0),
    reconstructionNll: (logits, x) => clickNll(likelihood, logits, x),
    // Each code unit's strongest items come from the first decoder layer's rows.
    weightRows: () => tf.clone(decoder.kernel(0)),
    setLive: (p) => {
      if (typeof p.betaMax === 'number' && p.betaMax >= 0) betaMax = p.betaMax;
      if (typeof p.annealSteps === 'number' && p.annealSteps >= 0) annealSteps = p.annealSteps;
    },
    diagnostics: async (probe) => {
      const kl = tf.tidy(() => {
        const { mu, logVar } = posterior(probe, false, 0);
        return klPerDimension(mu, logVar);
      });
      const values = (await kl.data()) as Float32Array;
      kl.dispose();
      return { klPerDimension: values };
    },
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
