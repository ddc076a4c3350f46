import { csrRow, type Csr } from './csr';
import { invertSpdUpperInPlace } from './spd-inverse';

/**
 * EASE (Steck 2019): min_B ‖X − XB‖²_F + λ‖B‖²_F subject to diag(B) = 0, in closed form
 *   G = XᵀX + λI,  P = G⁻¹,  B = I − P·diag(1/diag(P))  (B_ij = −P_ij / P_jj, B_jj = 0),
 * and a user's scores are x·B.
 */
export interface EaseModel {
  items: number;
  lambda: number;
  /** B, items×items row-major: row i is what a click on item i adds to every item's score. */
  weights: Float64Array;
}

export interface EaseSizeCheck {
  ok: boolean;
  items: number;
  /** Memory for the m×m working matrix (float64), which becomes B. */
  bytes: number;
  /** Rough time of the m³/2 updates of the inversion. */
  seconds: number;
  reason: string;
}

export interface EaseLimits {
  maxBytes: number;
  maxSeconds: number;
  /** Sweep updates per second: ≈10⁹ on an idle core (1,419 items in 1.4 s), 3–5·10⁸ on a busy one. */
  updatesPerSecond: number;
}

export const EASE_LIMITS: EaseLimits = { maxBytes: 1.5 * 2 ** 30, maxSeconds: 600, updatesPerSecond: 5e8 };

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

/** Says whether EASE is affordable for this many items, and why not when it is not. */
export function easeSizeCheck(items: number, limits: Partial<EaseLimits> = {}): EaseSizeCheck {
  const l = { ...EASE_LIMITS, ...limits };
  const bytes = 8 * items * items;
  const seconds = items ** 3 / 2 / l.updatesPerSecond;
  let reason = `${items} items: B needs ${mb(bytes)} and about ${seconds.toFixed(1)} s.`;
  const ok = bytes <= l.maxBytes && seconds <= l.maxSeconds;
  if (bytes > l.maxBytes) reason = `${items} items are too many for EASE here: B alone needs ${mb(bytes)} (limit ${mb(l.maxBytes)}).`;
  else if (seconds > l.maxSeconds) reason = `${items} items are too many for EASE here: inverting XᵀX + λI would take about ${Math.round(seconds)} s (limit ${l.maxSeconds} s).`;
  return { ok, items, bytes, seconds, reason };
}

/** Upper triangle of G = XᵀX + λI (row-major m×m): co-click counts, plus λ on the diagonal. */
export function gramPlusLambda(x: Csr, lambda: number): Float64Array {
  const m = x.cols;
  const g = new Float64Array(m * m);
  for (let u = 0; u < x.rows; u++) {
    const row = csrRow(x, u); // sorted, so a ≤ b fills the upper triangle
    for (let p = 0; p < row.length; p++) {
      const base = row[p] * m;
      for (let q = p; q < row.length; q++) g[base + row[q]] += 1;
    }
  }
  for (let i = 0; i < m; i++) g[i * m + i] += lambda;
  return g;
}

/** B from P's upper triangle, in place: B_ij = −P_ij / P_jj, B_jj = 0 (fills both triangles). */
function weightsFromInverse(p: Float64Array, m: number): void {
  const diag = new Float64Array(m);
  for (let j = 0; j < m; j++) diag[j] = p[j * m + j];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const pij = p[i * m + j];
      p[i * m + j] = -pij / diag[j];
      p[j * m + i] = -pij / diag[i];
    }
    p[i * m + i] = 0;
  }
}

export interface EaseOptions {
  onProgress?: (fraction: number) => void;
  limits?: Partial<EaseLimits>;
}

/** Fits EASE on the training clicks; refuses (with the reason) when easeSizeCheck says no. */
export function fitEase(x: Csr, lambda: number, { onProgress, limits }: EaseOptions = {}): EaseModel {
  if (!(lambda > 0)) throw new Error(`EASE needs λ > 0 (got ${lambda}).`);
  const check = easeSizeCheck(x.cols, limits);
  if (!check.ok) throw new Error(check.reason);
  const m = x.cols;
  const w = gramPlusLambda(x, lambda);
  invertSpdUpperInPlace(w, m, onProgress && ((f) => onProgress(0.99 * f)));
  weightsFromInverse(w, m);
  onProgress?.(1);
  return { items: m, lambda, weights: w };
}
