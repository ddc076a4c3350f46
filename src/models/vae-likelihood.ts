import * as tf from '@tensorflow/tfjs';

/**
 * Decoder likelihoods −log p(x|z) in nats per image, averaged over the batch. The decoder
 * outputs logits l; the mean image is sigmoid(l) for both likelihoods. Call inside tf.tidy.
 */

/** Bernoulli: Σ_i −[x log σ(l) + (1−x) log(1−σ(l))] = Σ_i max(l, 0) − l·x + log(1 + e^{−|l|}), stable for any l. */
export function bernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    // −log Bern(x; σ(l)) = max(l, 0) − l·x + log(1 + e^{−|l|})
    const ce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(tf.sum(ce, 1)) as tf.Scalar;
  });
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
