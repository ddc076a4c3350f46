import * as tf from '@tensorflow/tfjs-core';
import { checkClickLikelihood, clickNll } from './click-likelihoods';
import { l2NormalizeRows, MULT_LAYERS } from './dense-layer';
import { denseStack, layerNames } from './layer-stack';
import type { Autoencoder, LossTerms } from './model';
import type { MultAeOptions } from './mult-vae';

export interface MultDaeOptions extends MultAeOptions {
  /** Weight decay λ: the loss adds λ · Σ ‖W‖² over the kernels (2 × tf's l2_regularizer). */
  weightDecay: number;
}

/**
 * Mult-DAE (Liang et al. 2018): x → L2-normalise → dropout → tanh layers → code → tanh
 * layers → logits f. Loss per user: −log p(x | f) + λ Σ ‖W‖², with −log p(x | f) = −Σ_i x_i log softmax(f)_i
 * by default (or the Gaussian or logistic one: click-likelihoods.ts). The scores are f.
 */
export function createMultDae(o: MultDaeOptions): Autoencoder {
  if (!(o.weightDecay >= 0)) throw new Error(`weight decay must be ≥ 0 (got ${o.weightDecay}).`);
  const likelihood = checkClickLikelihood(o.likelihood);
  // Layer i of items → … → code → … → items is seeded seed + i; the code layer is tanh, the last gives logits.
  const n = o.hidden.length;
  const encoder = denseStack({ names: layerNames('encoder', n + 1), sizes: [o.items, ...o.hidden, o.latent], seed: o.seed, ...MULT_LAYERS });
  const decoder = denseStack({
    names: layerNames('decoder', n + 1),
    sizes: [o.latent, ...[...o.hidden].reverse(), o.items],
    seed: o.seed + n + 1,
    ...MULT_LAYERS,
    output: 'linear',
  });
  const vars: Record<string, tf.Variable> = { ...encoder.variables, ...decoder.variables };
  const kernels = [encoder, decoder].flatMap((s) => s.names.map((_, i) => s.kernel(i)));
  const encode = (x: tf.Tensor2D, train = false, step = 0) => {
    let h = l2NormalizeRows(x);
    if (train && o.keepProb < 1) h = tf.dropout(h, 1 - o.keepProb, undefined, o.seed * 7 + step) as tf.Tensor2D;
    return encoder.apply(h);
  };
  const decode = (h: tf.Tensor2D) => decoder.apply(h);
  const terms = (x: tf.Tensor2D, train: boolean, step: number): LossTerms => {
    // The encoder sees x / ‖x‖₂; the likelihood scores the raw clicks x.
    const reconstruction = clickNll(likelihood, decode(encode(x, train, step)), x);
    const decay = tf.mul(tf.addN(kernels.map((w) => tf.sum(tf.square(w)))), o.weightDecay) as tf.Scalar;
    return { total: tf.add(reconstruction, decay), terms: { reconstruction, weightDecay: decay } };
  };
  return {
    family: 'mult-dae',
    inputDim: o.items,
    latent: o.latent,
    variables: () => vars,
    loss: (x, step) => terms(x, true, step),
    evalLoss: (x) => terms(x, false, 0),
    encode: (x) => encode(x),
    decode,
    reconstruct: (x) => decode(encode(x)),
    weightRows: () => tf.clone(decoder.kernel(0)),
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
