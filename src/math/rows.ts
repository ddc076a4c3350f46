// A data set read a block of rows at a time: row-major n×dim floats that need not exist whole
// (an image split still in bytes makes each block as it is asked for).

/** Rows [r0, r1) of a data set of `dim` values per row, as floats (a view or a fresh block). */
export type Rows = (r0: number, r1: number) => Float32Array;

/** Rows per block: small enough that no n×dim copy is ever made, large enough to keep products efficient. */
export const ROW_BLOCK = 2048;

/** The blocks [r0, r1) that cover n rows, in order. */
export function rowBlocks(n: number): (readonly [number, number])[] {
  return Array.from({ length: Math.ceil(n / ROW_BLOCK) }, (_, b) => [b * ROW_BLOCK, Math.min(n, (b + 1) * ROW_BLOCK)] as const);
}

/** The rows of a whole Float32Array (views, no copies). */
export const rowsOf =
  (values: Float32Array, dim: number): Rows =>
  (r0, r1) =>
    values.subarray(r0 * dim, r1 * dim);

/** μ = (1/n) Σ_i x_i, summed in float64 row after row (the same sums in the same order, however the rows come). */
export function meanOfRows(rows: Rows, n: number, dim: number): Float64Array {
  const m = new Float64Array(dim);
  for (const [r0, r1] of rowBlocks(n)) {
    const x = rows(r0, r1);
    for (let r = 0; r < r1 - r0; r++) for (let i = 0; i < dim; i++) m[i] += x[r * dim + i];
  }
  for (let i = 0; i < dim; i++) m[i] /= n;
  return m;
}
