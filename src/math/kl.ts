import * as tf from '@tensorflow/tfjs-core';

/**
 * Closed-form KL divergence of a diagonal Gaussian posterior q(z|x) = N(μ, diag σ²)
 * from the standard normal prior p(z) = N(0, I), in nats. Inputs are the encoder's
 * μ and log σ² as [B, K] tensors. Call these inside tf.tidy.
 */

/** KL_bj = ½(μ² + σ² − log σ² − 1) for every example b and latent dimension j: [B, K]. */
export function klElementwise(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    // KL(N(μ,σ²)‖N(0,1)) = ½ (μ² + σ² − log σ² − 1)
    const inner = tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), logVar), 1);
    return tf.mul(inner, 0.5) as tf.Tensor2D;
  });
}

/** KL_j = (1/B) Σ_b KL_bj: the batch-mean KL of each latent dimension, [K]. */
export function klPerDimension(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(klElementwise(mu, logVar), 0) as tf.Tensor1D);
}

/** KL_b = Σ_j KL_bj: the total KL of each example, [B]. */
export function klPerExample(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(klElementwise(mu, logVar), 1) as tf.Tensor1D);
}

/** (1/B) Σ_b Σ_j KL_bj: total KL per example, averaged over the batch (a scalar, nats). */
export function klTotal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(klPerExample(mu, logVar)) as tf.Scalar);
}

/**
 * Free bits (Kingma et al. 2016): Σ_j max(λ, KL_j) with KL_j the batch-mean KL of
 * dimension j. A dimension below λ nats gets no KL gradient, so the encoder may use
 * up to λ nats per dimension for free and is not pushed into posterior collapse.
 */
export function freeBitsKl(mu: tf.Tensor2D, logVar: tf.Tensor2D, lambda: number): tf.Scalar {
  if (!(lambda >= 0)) throw new Error(`free bits λ must be a number ≥ 0 (got ${lambda}).`);
  // KL_λ = Σ_j max(λ, KL_j)
  return tf.tidy(() => tf.sum(tf.maximum(klPerDimension(mu, logVar), lambda)) as tf.Scalar);
}
