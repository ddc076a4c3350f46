import * as tf from '@tensorflow/tfjs-core';

/*
 * The three click likelihoods Liang et al. (2018, §2.2) compare for p(x_u | z_u), x_u ∈ {0, 1}^I.
 * The decoder's output f is the same for all three; only the loss reads it differently, and the
 * ranking scores are f itself (softmax, σ and the identity are all monotone in f).
 * Each is −log p per user, summed over the items and averaged over the B users of the batch.
 */

export type ClickLikelihood = 'multinomial' | 'gaussian' | 'logistic';
const LIKELIHOODS: readonly string[] = ['multinomial', 'gaussian', 'logistic'] satisfies ClickLikelihood[];

/** The likelihood a Mult model was asked for ('multinomial' when unset); refuses an unknown one at build, not at the first step. */
export function checkClickLikelihood(l: ClickLikelihood | undefined): ClickLikelihood {
  if (l !== undefined && !LIKELIHOODS.includes(l)) throw new Error(`likelihood must be "multinomial", "gaussian" or "logistic" (got ${String(l)}).`);
  return l ?? 'multinomial';
}

/** Multinomial: −(1/B) Σ_b Σ_i x_bi · log softmax(f_b)_i. */
export function multinomialNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), x), 1))) as tf.Scalar;
}

/** Gaussian with c = 1: (1/B) Σ_b (1/2) Σ_i (x_bi − f_bi)² (the log-normaliser, a constant, is left out). */
export function gaussianClickNll(f: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tf.mul(tf.mean(tf.sum(tf.square(tf.sub(x, f)), 1)), 0.5) as tf.Scalar;
}

/**
 * Logistic: −(1/B) Σ_b Σ_i [x_bi log σ(f_bi) + (1 − x_bi) log(1 − σ(f_bi))]
 *         =  (1/B) Σ_b Σ_i [max(f, 0) − x f + log(1 + e^(−|f|))]_bi,
 * the softplus form, which never takes the log of a σ that has rounded to 0 or 1.
 */
export function logisticClickNll(f: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  const perItem = tf.add(tf.sub(tf.relu(f), tf.mul(x, f)), tf.log1p(tf.exp(tf.neg(tf.abs(f)))));
  return tf.mean(tf.sum(perItem, 1)) as tf.Scalar;
}

/** −log p(x | f) per user, averaged over the batch, under the chosen likelihood. */
export function clickNll(likelihood: ClickLikelihood, logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  switch (likelihood) {
    case 'multinomial':
      return multinomialNll(logits, x);
    case 'gaussian':
      return gaussianClickNll(logits, x);
    case 'logistic':
      return logisticClickNll(logits, x);
    default:
      throw new Error(`likelihood must be "multinomial", "gaussian" or "logistic" (got ${String(likelihood satisfies never)}).`);
  }
}
