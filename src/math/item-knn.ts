import { csrRow, type Csr } from './csr';

/**
 * Item-kNN (Sarwar et al. 2001; the strongest simple baseline of Dacrema et al. 2019):
 *   s_ij = x_iᵀx_j / (‖x_i‖ ‖x_j‖ + h),  s_ii = 0     (x_i: item i's column of X, h: shrink)
 *   N_k(i) = the k items j with the largest s_ij       (item i's neighbours)
 *   S_ji = s_ij if j ∈ N_k(i), else 0
 *   score_ui = (x_u S)_i = Σ_{j clicked by u, j ∈ N_k(i)} s_ij
 * Column i of S holds item i's neighbours (as Dacrema et al.'s code keeps the top-k of
 * each column of W and scores URM·W), so S is not symmetric once pruned.
 */
export interface ItemKnnOptions {
  /** Fraction done, about once per percent of the rows. */
  onProgress?: (fraction: number) => void;
}

/**
 * S (items × items, row-major float32, the layout of EASE's B) from the training clicks.
 * XᵀX comes from the sparse rows (co-click counts, Σ_u |x_u|² / 2 adds), not a dense product.
 * One items² buffer: the counts become similarities, rows are pruned, then transposed in place.
 */
export function fitItemKnn(x: Csr, k: number, shrink: number, { onProgress }: ItemKnnOptions = {}): Float32Array {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`Item-kNN needs k ≥ 1 neighbours (got ${k}).`);
  if (!(shrink >= 0)) throw new Error(`Item-kNN needs a shrink h ≥ 0 (got ${shrink}).`);
  const m = x.cols;
  const s = new Float32Array(m * m);
  // Upper triangle of XᵀX: counts stay exact in float32 (below 2²⁴ users).
  for (let u = 0; u < x.rows; u++) {
    const row = csrRow(x, u); // sorted, so a < b fills the upper triangle
    for (let p = 0; p < row.length; p++) {
      const base = row[p] * m;
      for (let q = p + 1; q < row.length; q++) s[base + row[q]] += 1;
    }
  }
  const norm = new Float64Array(m); // ‖x_i‖ = √(users who clicked i)
  for (let p = 0; p < x.indptr[x.rows]; p++) norm[x.indices[p]] += 1;
  for (let i = 0; i < m; i++) norm[i] = Math.sqrt(norm[i]);
  onProgress?.(0.2);
  // Cosine with shrink on the upper triangle; an item nobody clicked has no neighbours.
  for (let i = 0; i < m; i++) {
    const ni = norm[i];
    for (let j = i + 1; j < m; j++) {
      const c = s[i * m + j];
      const d = ni * norm[j] + shrink;
      s[i * m + j] = c > 0 && d > 0 ? c / d : 0;
    }
  }
  mirrorUpper(s, m);
  onProgress?.(0.4);
  // Row i (= column i, the matrix being symmetric here) keeps its k largest; then transpose.
  if (k < m - 1) {
    const scratch = new Float32Array(m);
    let shown = -1;
    for (let i = 0; i < m; i++) {
      keepTopK(s.subarray(i * m, (i + 1) * m), k, scratch);
      const pct = Math.floor((100 * i) / m);
      if (onProgress && pct > shown) onProgress(0.4 + (0.5 * (shown = pct)) / 100);
    }
    transposeInPlace(s, m);
  }
  onProgress?.(1);
  return s;
}

/**
 * Zeroes all but the k largest values of a non-negative row, in place; ties at the
 * k-th value go to the lower index (the same rule as the ranking's top-k).
 */
export function keepTopK(row: Float32Array, k: number, scratch: Float32Array = new Float32Array(row.length)): void {
  const n = row.length;
  if (k >= n) return;
  const work = scratch.subarray(0, n);
  work.set(row);
  const t = kthLargest(work, k);
  let above = 0;
  for (let j = 0; j < n; j++) if (row[j] > t) above++;
  let ties = k - above; // how many values equal to t are kept, lowest index first
  for (let j = 0; j < n; j++) {
    const v = row[j];
    if (v > t) continue;
    if (v === t && ties > 0) ties--;
    else row[j] = 0;
  }
}

/** The k-th largest value (1-based) by quickselect; reorders `a`. */
function kthLargest(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}

// Both passes go tile by tile: a plain loop down the columns of a 6,000² matrix misses the cache on every write.
const TILE = 64;

/** Copies the upper triangle onto the lower one (a[j][i] = a[i][j] for i < j). */
function mirrorUpper(a: Float32Array, m: number): void {
  for (let bi = 0; bi < m; bi += TILE) {
    for (let bj = bi; bj < m; bj += TILE) {
      for (let i = bi; i < Math.min(bi + TILE, m); i++) {
        for (let j = Math.max(bj, i + 1); j < Math.min(bj + TILE, m); j++) a[j * m + i] = a[i * m + j];
      }
    }
  }
}

function transposeInPlace(a: Float32Array, m: number): void {
  for (let bi = 0; bi < m; bi += TILE) {
    for (let bj = bi; bj < m; bj += TILE) {
      for (let i = bi; i < Math.min(bi + TILE, m); i++) {
        for (let j = Math.max(bj, i + 1); j < Math.min(bj + TILE, m); j++) {
          const tmp = a[i * m + j];
          a[i * m + j] = a[j * m + i];
          a[j * m + i] = tmp;
        }
      }
    }
  }
}
