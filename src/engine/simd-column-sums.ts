import { I32, op, V128, type KernelFunction } from './wasm-assembler';

/**
 * out[c] = Σ_r x[r][c] for a row-major R×C float32 matrix on tfjs's WASM heap (byte offsets),
 * four columns per instruction over the first 4⌊C/4⌋ columns; the caller sums the rest. Each
 * column is summed from row 0 down, as tfjs's Sum does after moving the axis last, so the two
 * agree to the last bit. tfjs's axis move is its slow transpose (simd-transpose.ts): the bias
 * gradient Σ_rows δ of a 128×784 layer took 0.2 ms.
 */
export type SimdColumnSums = (x: number, out: number, rows: number, cols: number) => void;

// Parameters 0–3, then locals 4–8.
const [X, OUT, R, C] = [0, 1, 2, 3];
const [ROW, COL, C4, P, ACC] = [4, 5, 6, 7, 8];

export const COLUMN_SUMS_KERNEL: KernelFunction = {
  name: 'columnSums',
  params: [I32, I32, I32, I32],
  locals: [I32, I32, I32, I32, V128],
  body: [
    [...op.get(C), ...op.i32(-4), ...op.i32And, ...op.set(C4)],
    op.block,
    op.loop,
    [...op.get(COL), ...op.get(C4), ...op.i32GeU, ...op.brIf(1)],
    // acc = (0, 0, 0, 0)
    [...op.i32(0), ...op.i32Splat, ...op.set(ACC)],
    // p = x + 4·col
    [...op.get(X), ...op.get(COL), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(P)],
    [...op.i32(0), ...op.set(ROW)],
    op.block,
    op.loop,
    [...op.get(ROW), ...op.get(R), ...op.i32GeU, ...op.brIf(1)],
    [...op.get(ACC), ...op.get(P), ...op.load, ...op.add, ...op.set(ACC)],
    [...op.get(P), ...op.get(C), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(P)],
    [...op.get(ROW), ...op.i32(1), ...op.i32Add, ...op.set(ROW)],
    op.br(0),
    op.end,
    op.end,
    [...op.get(OUT), ...op.get(COL), ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.get(ACC), ...op.store],
    [...op.get(COL), ...op.i32(4), ...op.i32Add, ...op.set(COL)],
    op.br(0),
    op.end,
    op.end,
  ],
};
