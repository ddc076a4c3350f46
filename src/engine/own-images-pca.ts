import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { splitRows, type ImageSplit } from '../data/image-dataset';
import { fitPca, fitPcaByRows, type Pca } from '../math/pca';

/**
 * PCA for images of any size: when there are fewer images than values per image (own
 * images at 64×64 are 4,096 values), the n×n Gram matrix G = X_c X_cᵀ / n has the same
 * non-zero eigenvalues as Σ = X_cᵀ X_c / n, and u_i = X_cᵀ v_i / √(n λ_i) are Σ's unit
 * eigenvectors: an n³ eigendecomposition instead of D³. Otherwise the covariance route.
 * Only the first min(n, D) components exist (Σ has rank < n); the eigenvalues past them are 0.
 */
export async function fitPcaFor(images: Float32Array, n: number, dim: number): Promise<Pca> {
  if (n >= dim) return fitPca(images, n, dim);
  const parts = tf.tidy(() => {
    const x = tf.tensor2d(images, [n, dim]);
    const mean = tf.mean(x, 0);
    const centred = tf.sub(x, mean);
    return { mean, centred, gram: tf.div(tf.matMul(centred, tf.transpose(centred)), n) };
  });
  const [mean, gramFlat] = await Promise.all([parts.mean.data() as Promise<Float32Array>, parts.gram.data() as Promise<Float32Array>]);
  const g = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g.set(i, j, (gramFlat[i * n + j] + gramFlat[j * n + i]) / 2);
  const eig = new EigenvalueDecomposition(g, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const eigenvalues = new Float64Array(dim);
  const v = new Float32Array(n * n); // column r: the r-th eigenvector, scaled by 1/√(n λ_r)
  order.forEach((src, r) => {
    const lambda = Math.max(0, values[src]);
    eigenvalues[r] = lambda;
    const scale = lambda > 1e-12 ? 1 / Math.sqrt(n * lambda) : 0;
    for (let i = 0; i < n; i++) v[i * n + r] = eig.eigenvectorMatrix.get(i, src) * scale;
  });
  // U = (X_cᵀ V)ᵀ: n rows of length D.
  const u = tf.tidy(() => tf.transpose(tf.matMul(tf.transpose(parts.centred), tf.tensor2d(v, [n, n]))));
  // Zero rows past the rank, up to the largest K the settings allow (1,024), so any K slices whole rows.
  const components = new Float32Array(Math.min(dim, Math.max(n, 1024)) * dim);
  components.set((await u.data()) as Float32Array);
  tf.dispose([u, parts.mean, parts.centred, parts.gram]);
  // The sign rule of fitPca: each row's largest-magnitude entry positive.
  for (let r = 0; r < n; r++) {
    let big = 0;
    for (let i = 0; i < dim; i++) if (Math.abs(components[r * dim + i]) > Math.abs(big)) big = components[r * dim + i];
    if (big < 0) for (let i = 0; i < dim; i++) components[r * dim + i] = -components[r * dim + i];
  }
  return { dim, mean, eigenvalues, components };
}

/** PCA of an image split: a block of rows at a time from the split as it is (bytes stay bytes), or the Gram route when n < D. */
export function fitPcaOfSplit(split: ImageSplit, dim: number): Promise<Pca> {
  return split.n >= dim ? fitPcaByRows(splitRows(split, dim), split.n, dim) : fitPcaFor(split.images, split.n, dim);
}
