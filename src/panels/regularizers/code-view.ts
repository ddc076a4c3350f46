import { createRng } from '../../math/rng';
import { floatsOf, numberOf } from '../diagnostic-values';

/**
 * Pure helpers the regularizer panels share (no React, no DOM, no tfjs): reading the
 * worker's diagnostics, the fixed ranges the worker used, and main-thread perturbations.
 */

export type Activation = 'sigmoid' | 'relu' | 'tanh';

/** The code histogram's edges per activation; mirrors histogramRange in models/ae-diagnostics.ts. */
export function codeHistogramRange(act: Activation): [number, number] {
  return act === 'tanh' ? [-1, 1] : act === 'sigmoid' ? [0, 1] : [0, 10];
}

/** |h| above this counts as active; mirrors activeThreshold in models/ae-diagnostics.ts. */
export function activeThresholdOf(act: Activation): number {
  return act === 'relu' ? 0 : 0.1;
}

/** Bin counts over [lo, hi] → chart rows with each bin's centre and its share of all values. */
export function histogramRows(counts: Float32Array, lo: number, hi: number): { x: number; share: number }[] {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const width = (hi - lo) / counts.length;
  return Array.from(counts, (c, i) => ({ x: lo + (i + 0.5) * width, share: c / total }));
}

/** Values in [0, 1] counted into `bins` equal bins (1 goes to the last), as chart rows. */
export function fractionHistogram(values: Float32Array, bins: number): { x: number; count: number }[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
  return counts.map((count, i) => ({ x: (i + 0.5) / bins, count }));
}

/** A direction u in pixel space with ‖u‖ = 1, u ∝ ε, ε ~ N(0, I) (Box–Muller), fixed by the seed. */
export function randomDirection(seed: number, dim: number): Float32Array {
  const rng = createRng(seed);
  const u = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    // z = √(−2 ln u₁) cos(2π u₂)
    u[i] = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  }
  let norm = 0;
  for (const v of u) norm += v * v;
  norm = Math.sqrt(norm);
  return u.map((v) => v / norm);
}

/** The rows x + ε_j u for each step size ε_j, n×dim row-major (not clipped: the probe is exact). */
export function pushAlong(x: Float32Array, u: Float32Array, steps: readonly number[]): Float32Array {
  const dim = x.length;
  const out = new Float32Array(steps.length * dim);
  steps.forEach((eps, j) => {
    for (let i = 0; i < dim; i++) out[j * dim + i] = x[i] + eps * u[i];
  });
  return out;
}

/** ‖row_j − row_0‖ for each row of an n×dim block: how far each output moved from the first. */
export function distancesFromFirst(rows: Float32Array, dim: number): number[] {
  const n = rows.length / dim;
  return Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < dim; i++) s += (rows[j * dim + i] - rows[i]) ** 2;
    return Math.sqrt(s);
  });
}

/** Σ_i (a_i − b_i)²: per-image squared error, the lab's reconstruction unit. */
export function squaredError(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

/** Tick labels: short, and readable for both 0.05 and 1,234. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 || a < 0.01 ? v.toExponential(0) : Number(v.toPrecision(2)).toString();
}

export { floatsOf, numberOf };
