/**
 * Inverts a symmetric positive definite m×m matrix in place by block Gauss–Jordan sweeps
 * on its upper triangle (row-major, a[i·m + j] for j ≥ i; the lower triangle is scratch).
 * Work ≈ m³/2 multiply-adds and no second m×m array.
 *
 * Sweeping a block K of pivots, with S = A_KK⁻¹ and R the other indices:
 *   A_KK ← −S,  A_RK ← A_RK S,  A_KR ← S A_KR,  A_RR ← A_RR − A_RK S A_KR.
 * After every block is swept, a = −A⁻¹; the sign is flipped at the end so a = A⁻¹.
 * Blocks of 4 pivots read the big matrix a quarter as often as single pivots (≈2× faster).
 * onProgress(fraction) is called about 100 times; it may throw to cancel.
 */
const BLOCK = 4;

/** S = A_KK⁻¹ for a small b×b block (row-major), by single-pivot sweeps; throws if not PD. */
function invertSmall(s: Float64Array, b: number, first: number): void {
  for (let p = 0; p < b; p++) {
    const d = s[p * b + p];
    if (!(d > 0)) throw new Error(`The matrix is not positive definite (pivot ${first + p} is ${d}).`);
    const inv = 1 / d;
    for (let i = 0; i < b; i++) {
      if (i === p) continue;
      const f = s[i * b + p] * inv;
      for (let j = 0; j < b; j++) if (j !== p) s[i * b + j] -= f * s[p * b + j];
    }
    for (let j = 0; j < b; j++) {
      if (j !== p) {
        s[p * b + j] *= inv;
        s[j * b + p] *= inv;
      }
    }
    s[p * b + p] = -inv;
  }
  for (let i = 0; i < b * b; i++) s[i] = -s[i];
}

export function invertSpdUpperInPlace(a: Float64Array, m: number, onProgress?: (fraction: number) => void): void {
  if (a.length !== m * m) throw new Error(`expected ${m}×${m} values, got ${a.length}.`);
  const R = Array.from({ length: BLOCK }, () => new Float64Array(m)); // rows K of A
  const W = Array.from({ length: BLOCK }, () => new Float64Array(m)); // S · A_K,:
  const S = new Float64Array(BLOCK * BLOCK);
  const every = Math.max(1, Math.floor(m / BLOCK / 100));
  for (let k = 0, block = 0; k < m; k += BLOCK, block++) {
    const b = Math.min(BLOCK, m - k);
    for (let t = 0; t < b; t++) {
      const r = R[t];
      const kt = k + t;
      for (let j = 0; j < kt; j++) r[j] = a[j * m + kt];
      for (let j = kt; j < m; j++) r[j] = a[kt * m + j];
    }
    const s = S.subarray(0, b * b);
    for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) s[i * b + j] = R[i][k + j];
    invertSmall(s, b, k);
    for (let t = 0; t < b; t++) {
      const w = W[t];
      w.fill(0);
      for (let u = 0; u < b; u++) {
        const c = s[t * b + u];
        const r = R[u];
        for (let j = 0; j < m; j++) w[j] += c * r[j];
      }
    }
    // Zero K in R and W so the rank-b update leaves rows and columns K alone (rewritten below).
    for (let t = 0; t < b; t++) for (let u = 0; u < b; u++) R[t][k + u] = W[t][k + u] = 0;
    // A_RR ← A_RR − Σ_t R_t[i] W_t[j]  (= A_RK S A_KR), upper triangle only.
    if (b === 4) {
      const [r0, r1, r2, r3] = R;
      const [w0, w1, w2, w3] = W;
      for (let i = 0; i < m; i++) {
        const f0 = r0[i],
          f1 = r1[i],
          f2 = r2[i],
          f3 = r3[i];
        if (f0 === 0 && f1 === 0 && f2 === 0 && f3 === 0) continue;
        const base = i * m;
        for (let j = i; j < m; j++) a[base + j] -= f0 * w0[j] + f1 * w1[j] + f2 * w2[j] + f3 * w3[j];
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let t = 0; t < b; t++) {
          const f = R[t][i];
          const w = W[t];
          if (f !== 0) for (let j = i; j < m; j++) a[i * m + j] -= f * w[j];
        }
      }
    }
    // A_RK ← (S A_KR)ᵀ by symmetry; A_KK ← −S.
    for (let t = 0; t < b; t++) {
      const kt = k + t;
      const w = W[t];
      for (let i = 0; i < k; i++) a[i * m + kt] = w[i];
      for (let i = k + b; i < m; i++) a[kt * m + i] = w[i];
      for (let u = t; u < b; u++) a[kt * m + k + u] = -s[t * b + u];
    }
    if (onProgress && (block + 1) % every === 0) onProgress(Math.min(1, (k + b) / m));
  }
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) a[i * m + j] = -a[i * m + j];
}
