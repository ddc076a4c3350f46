import { I32, op, V128, type KernelFunction } from './wasm-assembler';

/**
 * tanh x as the odd rational minimax approximation Eigen, XLA and ONNX Runtime's MLAS use:
 *   x ← clamp(x, ±7.9053) (where tanh rounds to ±1 in float32),
 *   tanh x ≈ x·P(x²) / Q(x²),  P of degree 6 (α₁ … α₁₃), Q of degree 3 (β₀ … β₆),
 * within 3 float32 ulps (tested), and odd, so small x keeps its relative accuracy. tfjs's WASM Tanh
 * calls libm's tanh per float (measured: about 15 ns a float in Node, 0.15 ms a step on
 * ConvNetJS's four 50-unit tanh layers); here four lanes take a few multiply–adds and one ÷.
 */
export const TANH_CLAMP = 7.90531110763549805;
/** α₁₃ first: Horner's order. */
export const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3].map(
  Math.fround,
);
export const TANH_Q = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3].map(Math.fround);

export type SimdTanh = (x: number, out: number, n: number) => void;

// Parameters 0–2, then locals 3–8.
const [X, OUT, N] = [0, 1, 2];
const [I, END, V, V2, P, Q] = [3, 4, 5, 6, 7, 8];
const splat = (c: number) => [...op.f32(c), ...op.splat];
/** acc = acc·x² + c for each coefficient after the first (Horner). */
const horner = (acc: number, coefficients: number[]) => [
  [...splat(coefficients[0]), ...op.set(acc)],
  ...coefficients.slice(1).map((c) => [...op.get(acc), ...op.get(V2), ...op.mul, ...splat(c), ...op.add, ...op.set(acc)]),
];

export const TANH_KERNEL: KernelFunction = {
  name: 'tanh',
  params: [I32, I32, I32],
  locals: [I32, I32, V128, V128, V128, V128],
  body: [
    [...op.get(N), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(END)],
    op.block,
    op.loop,
    [...op.get(I), ...op.get(END), ...op.i32GeU, ...op.brIf(1)],
    // v = max(min(x, c), −c), v² = v·v
    [...op.get(X), ...op.get(I), ...op.i32Add, ...op.load, ...splat(TANH_CLAMP), ...op.min, ...splat(-TANH_CLAMP), ...op.max, ...op.set(V)],
    [...op.get(V), ...op.get(V), ...op.mul, ...op.set(V2)],
    ...horner(P, TANH_P),
    ...horner(Q, TANH_Q),
    // out = v·P / Q
    [...op.get(OUT), ...op.get(I), ...op.i32Add, ...op.get(P), ...op.get(V), ...op.mul, ...op.get(Q), ...op.div, ...op.store],
    [...op.get(I), ...op.i32(16), ...op.i32Add, ...op.set(I)],
    op.br(0),
    op.end,
    op.end,
  ],
};

/** The same approximation for one float, each operation rounded to float32 as the kernel's are. */
export function tanhApprox(x: number): number {
  const f = Math.fround;
  const v = Math.max(Math.min(x, f(TANH_CLAMP)), f(-TANH_CLAMP));
  const v2 = f(v * v);
  const horner = (cs: number[]) => cs.slice(1).reduce((acc, c) => f(f(acc * v2) + c), cs[0]);
  return f(f(horner(TANH_P) * v) / horner(TANH_Q));
}
