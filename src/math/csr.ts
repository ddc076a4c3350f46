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

/** Builds a CSR from per-row column lists; columns are sorted and repeats dropped. */
export function csrFromRows(rows: ArrayLike<number>[], cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  const sorted = rows.map((r) => {
    const s = Int32Array.from(r).sort();
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i] < 0 || s[i] >= cols) throw new Error(`column ${s[i]} is outside 0..${cols - 1}`);
      if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i];
    }
    return s.subarray(0, n);
  });
  sorted.forEach((s, r) => (indptr[r + 1] = indptr[r] + s.length));
  const indices = new Int32Array(indptr[rows.length]);
  sorted.forEach((s, r) => indices.set(s, indptr[r]));
  return { rows: rows.length, cols, indptr, indices };
}

/** Dense row-major copy (rows × cols) with 1 where a click is stored. */
export function csrToDense(m: Csr): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) out[r * m.cols + m.indices[p]] = 1;
  }
  return out;
}

/** Rows [start, end) as a CSR of their own (indices shared by view). */
export function csrSlice(m: Csr, start: number, end: number): Csr {
  const base = m.indptr[start];
  const indptr = m.indptr.slice(start, end + 1).map((p) => p - base);
  return { rows: end - start, cols: m.cols, indptr, indices: m.indices.subarray(base, m.indptr[end]) };
}
