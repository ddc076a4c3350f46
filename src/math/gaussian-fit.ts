import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRng } from './rng';

/** A Gaussian N(m, C) fitted to n codes of length k by maximum likelihood, with C's Cholesky factor. */
export interface GaussianFit {
  mean: Float64Array;
  /** Lower-triangular L, LLᵀ = C + εI (row-major k×k). */
  chol: Float64Array;
  /** √(tr C / k): the codes' typical spread per dimension. */
  rmsStd: number;
  k: number;
}

/** m = (1/n) Σ_i h_i,  C = (1/n) Σ_i (h_i − m)(h_i − m)ᵀ  (+ 1e-6 I so L exists for a dead unit). */
export function fitGaussian(codes: Float32Array, n: number, k: number): GaussianFit {
  if (!(n >= 2 && codes.length === n * k)) throw new Error(`A Gaussian fit needs n ≥ 2 codes of length ${k}.`);
  const mean = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += codes[i * k + j] / n;
  const c = new Matrix(k, k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const da = codes[i * k + a] - mean[a];
      for (let b = 0; b <= a; b++) c.set(a, b, c.get(a, b) + (da * (codes[i * k + b] - mean[b])) / n);
    }
  }
  let trace = 0;
  for (let a = 0; a < k; a++) {
    trace += c.get(a, a);
    c.set(a, a, c.get(a, a) + 1e-6);
    for (let b = 0; b < a; b++) c.set(b, a, c.get(a, b));
  }
  const l = new CholeskyDecomposition(c).lowerTriangularMatrix;
  return { mean, chol: Float64Array.from(l.to1DArray()), rmsStd: Math.sqrt(trace / k), k };
}

/** Standard normal draws (Box–Muller) from a seeded stream. */
export function normals(count: number, seed: number): Float64Array {
  const rng = createRng(seed >>> 0);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = Math.max(rng(), 1e-12);
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** n codes z = m + L ε, ε ~ N(0, I) from `seed` (row-major n×k). A null fit: z = ε, the prior N(0, I). */
export function sampleCodes(fit: GaussianFit | null, n: number, k: number, seed: number): Float32Array {
  const eps = normals(n * k, seed);
  if (!fit) return Float32Array.from(eps);
  const z = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let v = fit.mean[a];
      for (let b = 0; b <= a; b++) v += fit.chol[a * k + b] * eps[i * k + b];
      z[i * k + a] = v;
    }
  }
  return z;
}
