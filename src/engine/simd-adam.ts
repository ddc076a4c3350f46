import { F32, I32, op, V128, type KernelFunction } from './wasm-assembler';

/**
 * Adam's update, four parameters per instruction (WebAssembly SIMD), on tfjs's WASM heap in
 * place: every argument but the scalars is a byte offset into that heap. In float32, lane by lane,
 * in tf.train.adam's order of operations (so the two agree to the last bit):
 *   m ← β₁ m + g (1 − β₁),   v ← β₂ v + g² (1 − β₂),   out = (m/c₁) / (√(v/c₂) + ε) · (−η) + x
 * with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ, a₁ = 1 − β₁ and a₂ = 1 − β₂ from the caller (fused-adam.ts). A JS loop runs the same in about 4 ns a
 * parameter, bound by its scalar √ and ÷; here they are 4-wide.
 */
export type SimdAdam = (
  x: number,
  g: number,
  m: number,
  v: number,
  out: number,
  n: number,
  c1: number,
  c2: number,
  negLr: number,
  b1: number,
  a1: number,
  b2: number,
  a2: number,
  eps: number,
) => void;

// Parameters 0–13, then locals 14–26.
const [X, G, M, V, OUT, N, C1, C2, NEG_LR, B1, A1, B2, A2, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const [I, END, C14, C24, LR4, B14, A14, B24, A24, EPS4, GI, MI, VI] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
const at = (base: number) => [...op.get(base), ...op.get(I), ...op.i32Add]; // base + i

export const ADAM_KERNEL: KernelFunction = {
  name: 'adam',
  params: [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32],
  locals: [I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128],
  body: [
    [...op.get(C1), ...op.splat, ...op.set(C14)],
    [...op.get(C2), ...op.splat, ...op.set(C24)],
    [...op.get(NEG_LR), ...op.splat, ...op.set(LR4)],
    [...op.get(B1), ...op.splat, ...op.set(B14)],
    [...op.get(B2), ...op.splat, ...op.set(B24)],
    [...op.get(EPS), ...op.splat, ...op.set(EPS4)],
    [...op.get(A1), ...op.splat, ...op.set(A14)],
    [...op.get(A2), ...op.splat, ...op.set(A24)],
    // end = 4·⌊n/4⌋ floats, in bytes; the caller does the last n mod 4.
    [...op.get(N), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(END)],
    op.block,
    op.loop,
    [...op.get(I), ...op.get(END), ...op.i32GeU, ...op.brIf(1)],
    [...at(G), ...op.load, ...op.set(GI)],
    // m ← β₁ m + g (1 − β₁)
    [...at(M), ...op.load, ...op.get(B14), ...op.mul, ...op.get(GI), ...op.get(A14), ...op.mul, ...op.add, ...op.set(MI)],
    // v ← β₂ v + g² (1 − β₂)
    [...at(V), ...op.load, ...op.get(B24), ...op.mul, ...op.get(GI), ...op.get(GI), ...op.mul, ...op.get(A24), ...op.mul, ...op.add, ...op.set(VI)],
    [...at(M), ...op.get(MI), ...op.store],
    [...at(V), ...op.get(VI), ...op.store],
    // out = (m/c₁) / (√(v/c₂) + ε) · (−η) + x
    [...at(OUT), ...op.get(MI), ...op.get(C14), ...op.div, ...op.get(VI), ...op.get(C24), ...op.div, ...op.sqrt, ...op.get(EPS4), ...op.add, ...op.div],
    [...op.get(LR4), ...op.mul, ...at(X), ...op.load, ...op.add, ...op.store],
    [...op.get(I), ...op.i32(16), ...op.i32Add, ...op.set(I)],
    op.br(0),
    op.end,
    op.end,
  ],
};
