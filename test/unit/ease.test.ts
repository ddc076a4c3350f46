import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { csrToDense } from '../../src/math/csr';
import { easeSizeCheck, fitEase, gramPlusLambda } from '../../src/math/ease';
import { itemPopularity } from '../../src/math/popularity';
import { createRng } from '../../src/math/rng';
import { invertSpdUpperInPlace } from '../../src/math/spd-inverse';
import { csrFromRows } from './oracles/csr';
import { easeScores, fitEaseReference } from './oracles/ease';
import { popularityScores } from './oracles/popularity';

// 7 users × 5 items of clicks.
const X = csrFromRows([[0, 1, 2], [1, 2], [0, 3], [2, 3, 4], [0, 1, 4], [3], [0, 2, 3, 4]], 5);

/** Solves A x = b by Gaussian elimination with partial pivoting (A small, dense). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * Brute force: for each column j, min_b ‖x_j − X₋ⱼ b‖² + λ‖b‖² over the other items
 * (b_j = 0), i.e. the ridge normal equations (X₋ⱼᵀX₋ⱼ + λI) b = X₋ⱼᵀ x_j.
 */
function bruteForceB(dense: Float32Array, n: number, m: number, lambda: number): number[][] {
  const B = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    const others = Array.from({ length: m }, (_, i) => i).filter((i) => i !== j);
    const col = (i: number) => Array.from({ length: n }, (_, u) => dense[u * m + i]);
    const A = others.map((a) => others.map((b) => col(a).reduce((s, v, u) => s + v * col(b)[u], 0) + (a === b ? lambda : 0)));
    const rhs = others.map((a) => col(a).reduce((s, v, u) => s + v * col(j)[u], 0));
    solve(A, rhs).forEach((v, k) => (B[others[k]][j] = v));
  }
  return B;
}

describe('EASE', () => {
  for (const lambda of [0.5, 3]) {
    it(`equals the constrained least-squares solution column by column (λ = ${lambda})`, () => {
      const brute = bruteForceB(csrToDense(X), 7, 5, lambda);
      for (const model of [fitEase(X, lambda), fitEaseReference(X, lambda)]) {
        let err = 0;
        for (let i = 0; i < 5; i++) {
          expect(model.weights[i * 5 + i]).toBe(0); // diag(B) = 0
          for (let j = 0; j < 5; j++) err = Math.max(err, Math.abs(model.weights[i * 5 + j] - brute[i][j]));
        }
        expect(err).toBeLessThan(1e-6);
      }
      expect(Math.max(...brute.flat().map(Math.abs))).toBeGreaterThan(0.05); // not trivially zero
    });
  }

  it('scores x·B, with progress', () => {
    const seen: number[] = [];
    const model = fitEase(X, 1, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    const s = easeScores(model, X, 2, 2); // users 2 and 3
    for (const [r, u] of [
      [0, 2],
      [1, 3],
    ]) {
      for (let j = 0; j < 5; j++) {
        const want = [0, 1, 2, 3, 4].reduce((acc, i) => acc + csrToDense(X)[u * 5 + i] * model.weights[i * 5 + j], 0);
        expect(s[r * 5 + j]).toBeCloseTo(want, 6);
      }
    }
  });

  it('inverts an SPD matrix in place like ml-matrix, and refuses an indefinite one', () => {
    const rng = createRng(11);
    for (const m of [1, 2, 3, 39, 40]) {
      // whole blocks of 4 and remainders
      const A = new Matrix(Array.from({ length: m }, () => Array.from({ length: m }, () => rng() - 0.5)));
      const S = A.mmul(A.transpose()).add(Matrix.eye(m).mul(0.1));
      const a = Float64Array.from(S.to1DArray());
      invertSpdUpperInPlace(a, m);
      const P = inverse(S);
      let err = 0;
      for (let i = 0; i < m; i++) for (let j = i; j < m; j++) err = Math.max(err, Math.abs(a[i * m + j] - P.get(i, j)));
      expect(err).toBeLessThan(1e-8);
    }
    expect(() => invertSpdUpperInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow('not positive definite (pivot 1 is -3)');
    const six = Float64Array.from(Matrix.eye(6).to1DArray());
    six[5 * 6 + 5] = -1; // the indefinite pivot falls in the second block
    expect(() => invertSpdUpperInPlace(six, 6)).toThrow('pivot 5 is -1');
  });

  it('builds G = XᵀX + λI from the clicks', () => {
    const g = gramPlusLambda(X, 10);
    expect(g[0 * 5 + 0]).toBe(4 + 10); // item 0 clicked by 4 users
    expect(g[0 * 5 + 2]).toBe(2); // items 0 and 2 together: users 0 and 6
    expect(g[3 * 5 + 4]).toBe(2);
  });

  it('says when the item count is too large, and why', () => {
    expect(easeSizeCheck(2000).ok).toBe(true);
    const big = easeSizeCheck(20000);
    expect(big.ok).toBe(false);
    expect(big.bytes).toBe(8 * 20000 ** 2);
    expect(big.reason).toBe('20000 items are too many for EASE here: B alone needs 3052 MB (limit 1536 MB).');
    const slow = easeSizeCheck(9000, { updatesPerSecond: 1e8 });
    expect(slow.reason).toMatch(/would take about 3645 s \(limit 600 s\)/);
    expect(() => fitEase({ ...X, cols: 20000 }, 1)).toThrow('too many for EASE');
  });
});

describe('popularity', () => {
  it('scores every user with the training click counts', () => {
    const p = itemPopularity(X);
    expect(Array.from(p)).toEqual([4, 3, 4, 4, 3]);
    const s = popularityScores(p, 2);
    expect(Array.from(s)).toEqual([4, 3, 4, 4, 3, 4, 3, 4, 4, 3]);
  });
});
