import type { Csr } from '../../../src/math/csr';

/** Test helper: builds a CSR from per-row column lists; columns are sorted and repeats dropped. */
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
