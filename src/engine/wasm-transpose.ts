import type * as tf from '@tensorflow/tfjs-core';
import type { SimdKernels } from './simd-kernels';
import type { WasmHeap } from './wasm-heap';
import { overrideWasmKernel } from './wasm-kernel-override';

/**
 * On WASM, tf.transpose of a float32 matrix runs the lab's SIMD kernel (simd-transpose.ts,
 * 4×4 blocks; the ragged last rows and columns in JS); every other transpose keeps tfjs's own
 * kernel. Registered over tfjs's, so each caller (dense-op.ts's backward, the weight panels)
 * gets it through tf.transpose.
 */
export function fastTransposeOn(backendName: string): void {
  overrideWasmKernel('Transpose', backendName, ({ inputs, attrs }, kernels, heap) => {
    const x = inputs.x as tf.TensorInfo;
    const perm = attrs?.perm as number[] | undefined;
    if (x.dtype !== 'float32' || x.shape.length !== 2 || perm?.[0] !== 1 || x.shape[0] * x.shape[1] === 0) return null;
    const [rows, cols] = x.shape;
    return transposeOnHeap(x, rows, cols, [cols, rows], kernels, heap);
  });
}

/** A new tensor of shape `shape` holding xᵀ, x's bytes read as a rows × cols matrix. */
export function transposeOnHeap(x: tf.TensorInfo, rows: number, cols: number, shape: number[], kernels: SimdKernels, heap: WasmHeap): tf.TensorInfo {
  const out = heap.makeOutput(shape, 'float32');
  const [from, to] = [heap.getMemoryOffset(x.dataId), heap.getMemoryOffset(out.dataId)];
  kernels.transpose(from, to, rows, cols);
  raggedEdges(heap.wasm.HEAPF32, from >> 2, to >> 2, rows, cols);
  return out;
}

/** out[c][r] = x[r][c] where the kernel's 4×4 blocks do not reach: r ≥ 4⌊R/4⌋ or c ≥ 4⌊C/4⌋. */
function raggedEdges(h: Float32Array, x: number, out: number, rows: number, cols: number): void {
  const [r4, c4] = [rows & ~3, cols & ~3];
  for (let r = 0; r < rows; r++) {
    for (let c = r < r4 ? c4 : 0; c < cols; c++) h[out + c * rows + r] = h[x + r * cols + c];
  }
}
