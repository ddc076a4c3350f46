import { I32, op, V128, type KernelFunction } from './wasm-assembler';

/**
 * out = xᵀ for a row-major R×C float32 matrix, on tfjs's WASM heap (byte offsets), over its
 * whole 4×4 blocks: 4 row loads, 8 lane shuffles, 4 column stores per block. Blocks go down a
 * band of 4 columns, so each one's stores continue the 4 output rows the one before wrote
 * (across the bands instead, the stores missed the cache: 3.6× slower at 256×784). The caller copies
 * the last R mod 4 rows and C mod 4 columns. tfjs's own Transpose moves one float at a time
 * with index arithmetic (measured: about 4 ns a float in Node), and the backward pass of every
 * dense layer transposes its input and its weights (dense-op.ts).
 */
export type SimdTranspose = (x: number, out: number, rows: number, cols: number) => void;

// Parameters 0–3, then locals 4–13.
const [X, OUT, R, C] = [0, 1, 2, 3];
const [ROW, COL, R4, C4, P, Q, A, B, CC, D] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const [T0, T1, T2, T3] = [14, 15, 16, 17];
/** base + k·stride·4 bytes, with stride a local (a row of x, or of out). */
const plus = (base: number, k: number, stride: number) => (k === 0 ? op.get(base) : [...op.get(base), ...op.get(stride), ...op.i32(4 * k), ...op.i32Mul, ...op.i32Add]);

export const TRANSPOSE_KERNEL: KernelFunction = {
  name: 'transpose',
  params: [I32, I32, I32, I32],
  locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
  body: [
    [...op.get(R), ...op.i32(-4), ...op.i32And, ...op.set(R4)],
    [...op.get(C), ...op.i32(-4), ...op.i32And, ...op.set(C4)],
    op.block,
    op.loop,
    [...op.get(COL), ...op.get(C4), ...op.i32GeU, ...op.brIf(1)],
    [...op.i32(0), ...op.set(ROW)],
    op.block,
    op.loop,
    [...op.get(ROW), ...op.get(R4), ...op.i32GeU, ...op.brIf(1)],
    // p = x + 4·(row·C + col),  q = out + 4·(col·R + row)
    [...op.get(X), ...op.get(ROW), ...op.get(C), ...op.i32Mul, ...op.get(COL), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(P)],
    [...op.get(OUT), ...op.get(COL), ...op.get(R), ...op.i32Mul, ...op.get(ROW), ...op.i32Add, ...op.i32(2), ...op.i32Shl, ...op.i32Add, ...op.set(Q)],
    // rows a, b, c, d of the block
    [...plus(P, 0, C), ...op.load, ...op.set(A)],
    [...plus(P, 1, C), ...op.load, ...op.set(B)],
    [...plus(P, 2, C), ...op.load, ...op.set(CC)],
    [...plus(P, 3, C), ...op.load, ...op.set(D)],
    // (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3)
    [...op.get(A), ...op.get(B), ...op.shuffle([0, 4, 1, 5]), ...op.set(T0)],
    [...op.get(A), ...op.get(B), ...op.shuffle([2, 6, 3, 7]), ...op.set(T1)],
    [...op.get(CC), ...op.get(D), ...op.shuffle([0, 4, 1, 5]), ...op.set(T2)],
    [...op.get(CC), ...op.get(D), ...op.shuffle([2, 6, 3, 7]), ...op.set(T3)],
    // columns 0–3 of the block: (a0 b0 c0 d0) …
    [...plus(Q, 0, R), ...op.get(T0), ...op.get(T2), ...op.shuffle([0, 1, 4, 5]), ...op.store],
    [...plus(Q, 1, R), ...op.get(T0), ...op.get(T2), ...op.shuffle([2, 3, 6, 7]), ...op.store],
    [...plus(Q, 2, R), ...op.get(T1), ...op.get(T3), ...op.shuffle([0, 1, 4, 5]), ...op.store],
    [...plus(Q, 3, R), ...op.get(T1), ...op.get(T3), ...op.shuffle([2, 3, 6, 7]), ...op.store],
    [...op.get(ROW), ...op.i32(4), ...op.i32Add, ...op.set(ROW)],
    op.br(0),
    op.end,
    op.end,
    [...op.get(COL), ...op.i32(4), ...op.i32Add, ...op.set(COL)],
    op.br(0),
    op.end,
    op.end,
  ],
};
