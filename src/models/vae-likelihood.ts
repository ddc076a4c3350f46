import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/**
 * Decoder likelihoods −log p(x|z) in nats per image, averaged over the batch. The decoder
 * outputs logits l; the mean image is sigmoid(l) for both likelihoods. Call inside tf.tidy.
 */

/**
 * Bernoulli: Σ_i −[x log σ(l) + (1−x) log(1−σ(l))] = Σ_i softplus(l) − l·x, stable for any l,
 * with the gradient written out:
 *   ∂/∂l = (σ(l) − x) / B.
 * The tape would otherwise differentiate softplus and the product kernel by kernel (about ten
 * [B×D] kernels instead of three).
 */
export function bernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  const batch = logits.shape[0];
  return customOp(
    { logits, x },
    // (1/B) Σ_b Σ_i softplus(l_bi) − l_bi·x_bi, with softplus(l) = max(l, 0) − log σ(|l|): row sums
    // first (one float32 sum over a whole batch of digits drifts by 10⁻³ of the total), then their mean
    () => tf.tidy(() => tf.mean(rowSumsMinusLog(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.sigmoid(tf.abs(logits))))),
    (dy, s) => ({
      logits: () => tf.mul(tf.sub(tf.sigmoid(s.logits), s.x), tf.div(dy, batch)),
      x: () => tf.mul(s.logits, tf.div(tf.neg(dy), batch)),
    }),
  ) as tf.Scalar;
}

/** σ(|l|) ∈ [½, 1], so a product of up to 120 of them stays above ½¹²⁰ ≈ 7.5·10⁻³⁷, inside float32's range. */
const MAX_BLOCK = 120;

/**
 * Σ_i (a_bi − log p_bi) for each row b (p's entries in [½, 1]). On WASM, whose log (like
 * tf.softplus) is a scalar call per element while σ is vectorised, the logs are taken per block:
 * Σ_i log p_bi = Σ_blocks log Π_block p_bi, one log per block instead of one per entry (row
 * sums of log σ(|l|) on 50×784, Node: 265–315 µs with a log per entry, 83–89 µs this way; they
 * agree to 10⁻⁴ nats of about 80). Elsewhere a log is one vectorised kernel (on WebGPU one
 * dispatch), and the blocks would add two.
 */
function rowSumsMinusLog(a: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  if (tf.getBackend() !== 'wasm') return tf.sum(tf.sub(a, tf.log(p)), 1) as tf.Tensor1D;
  const [rows, dim] = p.shape;
  let block = Math.min(dim, MAX_BLOCK);
  while (dim % block !== 0) block--;
  return tf.sub(tf.sum(a, 1), tf.sum(tf.log(tf.prod(tf.reshape(p, [rows, dim / block, block]), 2)), 1)) as tf.Tensor1D;
}

/** The constant of the fixed-σ Gaussian: (D/2) log(2πσ²). */
export function gaussianConstant(dim: number, sigma: number): number {
  return (dim / 2) * Math.log(2 * Math.PI * sigma * sigma);
}

/** Gaussian with fixed σ and mean x̂ = σ(l): ‖x − x̂‖²/(2σ²) + (D/2) log(2πσ²). */
export function gaussianNll(logits: tf.Tensor2D, x: tf.Tensor2D, sigma: number): tf.Scalar {
  return tf.tidy(() => {
    // −log N(x; x̂, σ²I) = ‖x − x̂‖²/(2σ²) + (D/2) log(2πσ²)
    const sse = tf.sum(tf.square(tf.sub(x, tf.sigmoid(logits))), 1);
    return tf.add(tf.div(tf.mean(sse), 2 * sigma * sigma), gaussianConstant(x.shape[1], sigma)) as tf.Scalar;
  });
}
