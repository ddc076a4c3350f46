import { fitPca, type Pca } from './pca';

/**
 * A 2-D picture of K-dimensional codes: the codes themselves when K = 2, else their top two
 * principal axes, c = (h − m) [u₁ u₂]. The plane keeps m, u₁, u₂ so a point clicked on the
 * picture maps back to a code: h = m + c₁ u₁ + c₂ u₂ (exact for K = 2, where m = 0, u = I).
 */
export interface CodePlane {
  k: number;
  /** n × 2 row-major plot coordinates. */
  coords: Float32Array;
  mean: Float32Array;
  /** Two rows of length k. */
  axes: Float32Array;
  /** Share of the codes' variance the two axes show (1 for K = 2). */
  explained: number;
  method: 'code' | 'pca';
}

/**
 * `fit` fits the codes' PCA: the covariance route by default; the worker passes the n×n Gram
 * route (the same axes) for K above the number of codes, where a K×K eigendecomposition
 * (K = 1,024: seconds) would hold up training.
 */
export async function codePlane(codes: Float32Array, n: number, k: number, fit: (codes: Float32Array, n: number, k: number) => Promise<Pca> = fitPca): Promise<CodePlane> {
  const coords = new Float32Array(n * 2);
  if (k === 2) {
    coords.set(codes.subarray(0, n * 2));
    return { k, coords, mean: new Float32Array(2), axes: Float32Array.from([1, 0, 0, 1]), explained: 1, method: 'code' };
  }
  if (k < 2) {
    // K = 1: the code on the x axis, nothing on y.
    for (let i = 0; i < n; i++) coords[2 * i] = codes[i];
    return { k, coords, mean: new Float32Array(1), axes: Float32Array.from([1, 0]), explained: 1, method: 'code' };
  }
  const pca = await fit(codes, n, k);
  const axes = pca.components.slice(0, 2 * k);
  for (let b = 0; b < n; b++) {
    for (let a = 0; a < 2; a++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += (codes[b * k + j] - pca.mean[j]) * axes[a * k + j];
      coords[b * 2 + a] = dot;
    }
  }
  const total = pca.eigenvalues.reduce((s, v) => s + v, 0);
  return { k, coords, mean: pca.mean, axes, explained: total > 0 ? (pca.eigenvalues[0] + pca.eigenvalues[1]) / total : 0, method: 'pca' };
}

/** The code at plot point (x, y): h = m + x u₁ + y u₂ (K = 1: h = x). */
export function codeAt(p: Pick<CodePlane, 'k' | 'mean' | 'axes'>, x: number, y: number): number[] {
  const { k, mean, axes } = p;
  return Array.from({ length: k }, (_, j) => mean[j] + x * axes[j] + (axes.length >= 2 * k ? y * axes[k + j] : 0));
}
