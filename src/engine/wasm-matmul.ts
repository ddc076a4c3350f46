import type * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from './wasm-kernel-override';
import { transposeOnHeap } from './wasm-transpose';

/**
 * On WASM, C = A·B with A m×k and B k×n runs as C = (Bᵀ·Aᵀ)ᵀ when n > m. tfjs's WASM matMul
 * hands its second operand to XNNPACK, which first packs it into its own layout (k·n floats, on
 * one thread, about 2–3 ns a float); it caches that on the tensor, but a training step's
 * operands are all new tensors, so every product of every step packs again. Packing B costs
 * k·n, packing Aᵀ costs k·m: for a batch of 128 through a 256 → 784 layer, 32,768 floats
 * instead of 200,704. The three transposes (the lab's SIMD kernel: 0.3 ns a float) cost far
 * less. Measured in Node on one thread, each product with new operands: 128×256·256×784
 * 2.55 → 2.0 ms, 128×784·784×256 2.6 → 2.4 ms; 784×128·128×256 (n < m) would go 1.84 → 2.29,
 * so it keeps tfjs's order. The sums over k are the same products in another order of
 * accumulation, so C agrees with tfjs's to float32 rounding, not bit for bit.
 */
export function packSmallerOperandOn(backendName: string): void {
  overrideWasmKernel('BatchMatMul', backendName, ({ inputs, attrs, backend }, kernels, heap, original) => {
    const [a, b] = [inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo];
    if (attrs?.transposeA || attrs?.transposeB || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
    const m = a.shape.at(-2) ?? 0;
    const k = a.shape.at(-1) ?? 0;
    const n = b.shape.at(-1) ?? 0;
    // One matrix each (any leading dimensions of size 1), and B's order the costlier to pack.
    const single = (t: tf.TensorInfo) => t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);
    if (!single(a) || !single(b) || b.shape.at(-2) !== k || !(n > m) || m * k === 0) return null;
    const dispose = (t: tf.TensorInfo) => (backend as { disposeData(id: tf.DataId): void }).disposeData(t.dataId);
    const aT = transposeOnHeap(a, m, k, [1, k, m], kernels, heap);
    const bT = transposeOnHeap(b, k, n, [1, n, k], kernels, heap);
    const cT = original({ inputs: { a: bT, b: aT }, attrs: { transposeA: false, transposeB: false }, backend });
    dispose(aT);
    dispose(bT);
    const lead = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
    const c = transposeOnHeap(cT, n, m, [...lead, m, n], kernels, heap);
    dispose(cT);
    return c;
  });
}
