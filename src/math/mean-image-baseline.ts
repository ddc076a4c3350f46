/**
 * The simplest generative model of digits: every pixel independent, with the training
 * mean image as its mean. A VAE's test −ELBO should fall well below its loss. Pure JS
 * (Float32Array rows of `dim` pixels in [0, 1]); sums in float64.
 */

import { meanOfRows, rowsOf } from './rows';

/** Probabilities are clipped to (ε, 1 − ε) so a pixel that is always 0 in training costs finite nats. */
export const MEAN_CLIP = 1e-6;

/** m = (1/n) Σ_i x_i, the training mean image. */
export function meanImage(images: Float32Array, n: number, dim: number): Float64Array {
  if (n < 1 || images.length < n * dim) throw new Error(`meanImage needs ${n}×${dim} pixels; got ${images.length}.`);
  return meanOfRows(rowsOf(images, dim), n, dim);
}

/**
 * Mean per-image cross-entropy (nats) of predicting each test image by the clipped training
 * mean m: −(1/n) Σ_b Σ_i [x_bi log m_i + (1 − x_bi) log(1 − m_i)]. The Bernoulli baseline.
 */
export function crossEntropyToMean(m: Float64Array, test: Float32Array, nTest: number, dim: number): number {
  const logM = new Float64Array(dim);
  const log1mM = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const p = Math.min(1 - MEAN_CLIP, Math.max(MEAN_CLIP, m[i]));
    logM[i] = Math.log(p);
    log1mM[i] = Math.log(1 - p);
  }
  let total = 0;
  for (let b = 0; b < nTest; b++) {
    for (let i = 0; i < dim; i++) {
      const x = test[b * dim + i];
      // H(x, m) = −[x log m + (1 − x) log(1 − m)]
      total -= x * logM[i] + (1 - x) * log1mM[i];
    }
  }
  return total / nTest;
}

/** Mean per-image squared error of the training mean m on the test set: (1/n) Σ_b ‖x_b − m‖². */
export function squaredErrorToMean(m: Float64Array, test: Float32Array, nTest: number, dim: number): number {
  let total = 0;
  for (let b = 0; b < nTest; b++) {
    for (let i = 0; i < dim; i++) {
      const d = test[b * dim + i] - m[i];
      total += d * d;
    }
  }
  return total / nTest;
}

/** The Bernoulli baseline from the training images themselves: crossEntropyToMean with their mean. */
export function meanImageCrossEntropy(train: Float32Array, nTrain: number, test: Float32Array, nTest: number, dim: number): number {
  return crossEntropyToMean(meanImage(train, nTrain, dim), test, nTest, dim);
}

/** The squared-error baseline from the training images themselves: squaredErrorToMean with their mean. */
export function meanImageSquaredError(train: Float32Array, nTrain: number, test: Float32Array, nTest: number, dim: number): number {
  return squaredErrorToMean(meanImage(train, nTrain, dim), test, nTest, dim);
}

/**
 * Per-image Gaussian negative log-likelihood (nats) from a squared error, fixed σ:
 * −log N(x; x̂, σ²I) = ‖x − x̂‖²/(2σ²) + (D/2) log(2πσ²). Use it to put the squared-error
 * baseline on the same scale as a VAE trained with the 'gaussian' likelihood.
 */
export function gaussianNllFromSquaredError(sse: number, dim: number, sigma: number): number {
  return sse / (2 * sigma * sigma) + (dim / 2) * Math.log(2 * Math.PI * sigma * sigma);
}
