/**
 * A binary sparse matrix in compressed-row form: row r holds the columns
 * indices[indptr[r] .. indptr[r+1]), sorted ascending and without repeats.
 */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
}

/** The column indices of one row (a view, not a copy). */
export function csrRow(m: Csr, r: number): Int32Array {
  return m.indices.subarray(m.indptr[r], m.indptr[r + 1]);
}

export const csrNnz = (m: Csr): number => m.indptr[m.rows];

/** Dense row-major copy (rows × cols) with 1 where a click is stored. */
export function csrToDense(m: Csr): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) out[r * m.cols + m.indices[p]] = 1;
  }
  return out;
}
