import * as tf from '@tensorflow/tfjs-core';

/**
 * Sparsity penalties on the code h [B × K] (Ng's sparse autoencoder notes; Lee et al. 2008).
 * They return the unweighted penalty; the model multiplies by its live weight.
 * Call inside tf.tidy.
 */

export type SparsityKind = 'l1' | 'kl';

/** Clip for ρ̂ so the logs stay finite when a unit is always off or always on. */
export const RHO_HAT_EPSILON = 1e-6;

/** L1 = (1/B) Σ_b Σ_k |h_bk|: the code's absolute size per input, averaged over the batch. */
export function l1Sparsity(h: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.abs(h), 1)) as tf.Scalar);
}

/** ρ̂_k = (1/B) Σ_b h_bk, clipped to (ε, 1 − ε): each unit's mean activation over the batch, [K]. */
export function meanActivation(h: tf.Tensor2D, epsilon = RHO_HAT_EPSILON): tf.Tensor1D {
  return tf.tidy(() => tf.clipByValue(tf.mean(h, 0), epsilon, 1 - epsilon) as tf.Tensor1D);
}

/**
 * KL sparsity Σ_k KL(ρ ‖ ρ̂_k) = Σ_k [ρ log(ρ/ρ̂_k) + (1−ρ) log((1−ρ)/(1−ρ̂_k))], for sigmoid
 * codes in (0, 1): it is zero only when every unit's mean activation equals the target ρ.
 */
export function klSparsity(h: tf.Tensor2D, rho: number): tf.Scalar {
  checkTarget(rho);
  return tf.tidy(() => {
    const rhoHat = meanActivation(h);
    // KL(ρ‖ρ̂) = ρ log ρ − ρ log ρ̂ + (1−ρ) log(1−ρ) − (1−ρ) log(1−ρ̂)
    const constant = rho * Math.log(rho) + (1 - rho) * Math.log(1 - rho);
    const cross = tf.add(tf.mul(tf.log(rhoHat), rho), tf.mul(tf.log(tf.sub(1, rhoHat)), 1 - rho));
    return tf.sum(tf.sub(constant, cross)) as tf.Scalar;
  });
}

/** The target mean activation ρ must lie strictly inside (0, 1) for KL(ρ‖ρ̂) to be finite. */
export function checkTarget(rho: unknown): number {
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho <= 0 || rho >= 1) {
    throw new Error(`sparsityTarget ρ must be a number strictly between 0 and 1; got ${String(rho)}.`);
  }
  return rho;
}
