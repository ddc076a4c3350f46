import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Principal components of a data set, eigenvalues in descending order. */
export interface Pca {
  dim: number;
  mean: Float32Array;
  /** λ_1 ≥ … ≥ λ_d of the covariance Σ = (1/n) Σ_i (x_i − μ)(x_i − μ)ᵀ. */
  eigenvalues: Float64Array;
  /** Row i is the unit eigenvector u_i (row-major d×d). */
  components: Float32Array;
}

/** Fits PCA: the Gram matrix on the tfjs backend, the eigendecomposition with ml-matrix. */
export async function fitPca(images: Float32Array, n: number, dim: number): Promise<Pca> {
  const stats = tf.tidy(() => {
    const x = tf.tensor2d(images, [n, dim]);
    const mean = tf.mean(x, 0);
    const centred = tf.sub(x, mean);
    // Σ = XcᵀXc / n
    // An explicit transpose: WASM's matMul with transposeA is many times slower.
    const cov = tf.div(tf.matMul(tf.transpose(centred), centred), n);
    return { mean, cov };
  });
  const [mean, covFlat] = await Promise.all([stats.mean.data() as Promise<Float32Array>, stats.cov.data() as Promise<Float32Array>]);
  stats.mean.dispose();
  stats.cov.dispose();
  const cov = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) cov.set(i, j, (covFlat[i * dim + j] + covFlat[j * dim + i]) / 2);
  const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  // ml-matrix returns ascending order; reverse to descending.
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const eigenvalues = new Float64Array(dim);
  const components = new Float32Array(dim * dim);
  order.forEach((src, r) => {
    eigenvalues[r] = Math.max(0, values[src]);
    // Fix the sign so the largest-magnitude entry is positive: reproducible pictures.
    let big = 0;
    for (let i = 0; i < dim; i++) if (Math.abs(vectors.get(i, src)) > Math.abs(big)) big = vectors.get(i, src);
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < dim; i++) components[r * dim + i] = sign * vectors.get(i, src);
  });
  return { dim, mean, eigenvalues, components };
}

/** Training error of the best rank-k reconstruction: Σ_{i>k} λ_i (per-image sum of squares). */
export function pcaTrainError(pca: Pca, k: number): number {
  let tail = 0;
  for (let i = Math.min(k, pca.dim); i < pca.dim; i++) tail += pca.eigenvalues[i];
  return tail;
}

/** Total variance Σ_i λ_i: the error of predicting every image by the mean. */
export function totalVariance(pca: Pca): number {
  return pcaTrainError(pca, 0);
}

/** Mean per-image ‖(x−μ) − U_k U_kᵀ(x−μ)‖² on other data (e.g. the test split). */
export async function pcaReconstructionError(pca: Pca, k: number, images: Float32Array, n: number): Promise<number> {
  const err = tf.tidy(() => {
    const x = tf.sub(tf.tensor2d(images, [n, pca.dim]), tf.tensor1d(pca.mean));
    const kk = Math.min(k, pca.dim);
    const u = tf.tensor2d(pca.components.subarray(0, kk * pca.dim), [kk, pca.dim]);
    const projected = tf.matMul(tf.matMul(x, u, false, true), u);
    return tf.mean(tf.sum(tf.square(tf.sub(x, projected)), 1));
  });
  const value = (await err.data())[0];
  err.dispose();
  return value;
}

/** The top-k eigenvectors as k rows of length d (the "eigen-digits"). */
export function topComponents(pca: Pca, k: number): Float32Array {
  return pca.components.slice(0, Math.min(k, pca.dim) * pca.dim);
}
