import * as tf from '@tensorflow/tfjs-core';
import { denseStack } from './layer-stack';
import type { Autoencoder, LossTerms } from './model';

export interface AutoRecOptions {
  /** 'i-autorec': a row is an item's ratings over all users; 'u-autorec': a user's over all items. */
  family: 'i-autorec' | 'u-autorec';
  /** Length of a row: users for I-AutoRec, items for U-AutoRec. */
  inputDim: number;
  /** Rows of the training matrix (items for I-AutoRec): the L2 penalty is spread over them. */
  rows: number;
  hidden: number;
  /** λ of the penalty (λ/2)(‖W‖² + ‖V‖²). */
  lambda: number;
  /** Count only observed entries (the paper); false: missing ratings count as zeros to fit. */
  masked: boolean;
  seed: number;
}

/**
 * m = 1[r > 0]: every MovieLens rating is at least 0.5 stars, so a 0 in the matrix means
 * "not rated". With the mask off every entry counts.
 */
export function observedMask(r: tf.Tensor2D, masked: boolean): tf.Tensor2D {
  return masked ? (tf.cast(tf.greater(r, 0), 'float32') as tf.Tensor2D) : (tf.onesLike(r) as tf.Tensor2D);
}

/** Σ_b ‖(r_b − r̂_b) ⊙ m_b‖² / B: the squared error over observed entries only, per row. */
export function maskedSquaredError(r: tf.Tensor2D, rHat: tf.Tensor2D, m: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sum(tf.square(tf.mul(tf.sub(r, rHat), m)), 1));
}

/**
 * AutoRec (Sedhain et al. 2015): h = σ(r V + μ), r̂ = h W + b, in the row-vector convention
 * (the paper's V r is our r V with V stored d × H). Objective over the N training rows:
 *   Σ_i ‖(r⁽ⁱ⁾ − r̂⁽ⁱ⁾) ⊙ m⁽ⁱ⁾‖² + (λ/2)(‖W‖²_F + ‖V‖²_F),
 * of which a batch of B rows takes its share: mean over the batch plus (λ / 2N)(‖W‖² + ‖V‖²).
 * Only weights connected to observed ratings get a gradient from the error term: the mask
 * zeroes ∂L/∂r̂ at every missing entry. The prediction for (u, i) is r̂⁽ⁱ⁾_u.
 */
export function createAutoRec(o: AutoRecOptions): Autoencoder {
  if (!(Number.isInteger(o.hidden) && o.hidden >= 1)) throw new Error(`AutoRec needs at least one hidden unit (got ${o.hidden}).`);
  if (!(o.lambda >= 0)) throw new Error(`AutoRec's λ must be ≥ 0 (got ${o.lambda}).`);
  const encoder = denseStack({ names: ['encoder'], sizes: [o.inputDim, o.hidden], seed: o.seed, activation: 'sigmoid' });
  const decoder = denseStack({ names: ['decoder'], sizes: [o.hidden, o.inputDim], seed: o.seed + 1, activation: 'linear' });
  const vars: Record<string, tf.Variable> = { ...encoder.variables, ...decoder.variables };
  const encode = (r: tf.Tensor2D) => encoder.apply(r);
  const decode = (h: tf.Tensor2D) => decoder.apply(h);
  const reconstruct = (r: tf.Tensor2D) => decode(encode(r));
  const terms = (r: tf.Tensor2D): LossTerms => {
    const reconstruction = maskedSquaredError(r, reconstruct(r), observedMask(r, o.masked));
    // (λ / 2N)(‖W‖²_F + ‖V‖²_F)
    const penalty = tf.mul(tf.add(tf.sum(tf.square(encoder.kernel(0))), tf.sum(tf.square(decoder.kernel(0)))), o.lambda / (2 * o.rows)) as tf.Scalar;
    return { total: tf.add(reconstruction, penalty), terms: { reconstruction, weightDecay: penalty } };
  };
  return {
    family: o.family,
    inputDim: o.inputDim,
    latent: o.hidden,
    variables: () => vars,
    loss: (r) => terms(r),
    evalLoss: terms,
    encode,
    decode,
    reconstruct,
    // Each hidden unit's outgoing weights: what it writes into a row's predicted ratings.
    weightRows: () => tf.clone(decoder.kernel(0)),
    // b_j = the mean observed rating of column j (the global mean where it has none): predictions
    // start at the column means instead of at 0 stars.
    initFromData: (train) =>
      tf.tidy(() => {
        const m = observedMask(train, true);
        const global = tf.div(tf.sum(train), tf.maximum(tf.sum(m), 1));
        const count = tf.sum(m, 0);
        const mean = tf.where(tf.greater(count, 0), tf.div(tf.sum(train, 0), tf.maximum(count, 1)), tf.mul(tf.onesLike(count), global));
        decoder.bias(0).assign(mean);
      }),
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}

/**
 * A fitted rating baseline (user + item biases, biased MF) as a closed-form model: it has no
 * variables and no code; the ratings task asks it for predictions directly.
 */
export function ratingBaselineModel(family: string, predict: (users: Int32Array, items: Int32Array) => Float32Array, inputDim: number): Autoencoder {
  const none = (): never => {
    throw new Error(`${family} is fitted in closed form: it has no code to encode or decode.`);
  };
  const zero = (): LossTerms => ({ total: tf.scalar(0), terms: { reconstruction: tf.scalar(0) } });
  return {
    family,
    inputDim,
    latent: 0,
    variables: () => ({}),
    loss: zero,
    evalLoss: zero,
    encode: none,
    decode: none,
    reconstruct: none,
    weightRows: () => tf.zeros([0, inputDim]) as tf.Tensor2D,
    predictRatings: predict,
    dispose: () => undefined,
  };
}
