import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { csrRow, type Csr } from '../../../src/math/csr';
import type { EaseModel } from '../../../src/math/ease';

/**
 * Test oracle: the same EASE model through ml-matrix (dense Cholesky solve of G P = I),
 * a slow reference for the lab's float64 sweep (fitEase) and its device inverse.
 */
export function fitEaseReference(x: Csr, lambda: number): EaseModel {
  const m = x.cols;
  const dense = Matrix.zeros(x.rows, m);
  for (let u = 0; u < x.rows; u++) for (const c of csrRow(x, u)) dense.set(u, c, 1);
  const g = dense.transpose().mmul(dense).add(Matrix.eye(m).mul(lambda));
  const p = new CholeskyDecomposition(g).solve(Matrix.eye(m));
  const w = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) w[i * m + j] = i === j ? 0 : -p.get(i, j) / p.get(j, j);
  return { items: m, lambda, weights: w };
}

/**
 * Test oracle: scores_u = x_u·B on the CPU for the rows [rowOffset, rowOffset + rows) of a
 * click matrix (e.g. fold-in). The lab scores EASE on the device, as a closed-form model.
 */
export function easeScores(model: EaseModel, x: Csr, rowOffset = 0, rows = x.rows - rowOffset): Float32Array {
  const m = model.items;
  if (x.cols !== m) throw new Error(`The clicks have ${x.cols} columns but the model ${m} items.`);
  const out = new Float32Array(rows * m);
  const acc = new Float64Array(m);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (const i of csrRow(x, rowOffset + r)) {
      const w = model.weights.subarray(i * m, (i + 1) * m);
      for (let j = 0; j < m; j++) acc[j] += w[j];
    }
    out.set(acc, r * m);
  }
  return out;
}
