import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { meanOfRows, rowBlocks, rowsOf, type Rows } from './rows';

/** Principal components of a data set, eigenvalues in descending order. */
export interface Pca {
  dim: number;
  mean: Float32Array;
  /** λ_1 ≥ … ≥ λ_d of the covariance Σ = (1/n) Σ_i (x_i − μ)(x_i − μ)ᵀ. */
  eigenvalues: Float64Array;
  /** Row i is the unit eigenvector u_i (row-major d×d). */
  components: Float32Array;
}

/** Fits PCA to n rows of a Float32Array (row-major n×dim). */
export function fitPca(images: Float32Array, n: number, dim: number): Promise<Pca> {
  return fitPcaByRows(rowsOf(images, dim), n, dim);
}

/**
 * Fits PCA, the covariance on the tfjs backend a block of rows at a time (full MNIST's 60,000
 * digits would otherwise be three 188 MB tensors at once, and WASM's heap never shrinks), the
 * eigendecomposition with ml-matrix.
 */
export async function fitPcaByRows(rows: Rows, n: number, dim: number): Promise<Pca> {
  const mean = Float32Array.from(meanOfRows(rows, n, dim));
  // Σ = (1/n) Σ_blocks X_cᵀ X_c, X_c = X − μ: an explicit transpose, as WASM's matMul with transposeA is many times slower.
  const mu = tf.tensor1d(mean);
  let scatter: tf.Tensor2D = tf.zeros([dim, dim]);
  for (const [r0, r1] of rowBlocks(n)) {
    const next = tf.tidy(() => {
      const centred = tf.sub(tf.tensor2d(rows(r0, r1), [r1 - r0, dim]), mu);
      return tf.add(scatter, tf.matMul(tf.transpose(centred), centred)) as tf.Tensor2D;
    });
    scatter.dispose();
    scatter = next;
  }
  const covTensor = tf.div(scatter, n);
  const covFlat = (await covTensor.data()) as Float32Array;
  tf.dispose([mu, scatter, covTensor]);
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
