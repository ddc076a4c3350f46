import type * as tf from '@tensorflow/tfjs-core';
import { overrideWasmKernel } from './wasm-kernel-override';

/**
 * On WASM, tf.sum of a float32 matrix over its rows (axis 0: a dense layer's bias gradient
 * Σ_rows δ) runs the lab's SIMD column sums (simd-column-sums.ts; the last C mod 4 columns in
 * JS); every other sum keeps tfjs's own kernel.
 */
export function fastColumnSumsOn(backendName: string): void {
  overrideWasmKernel('Sum', backendName, ({ inputs, attrs }, kernels, heap) => {
    const x = inputs.x as tf.TensorInfo;
    const axis = attrs?.axis as number | number[] | undefined;
    const axes = Array.isArray(axis) ? axis : [axis];
    if (x.dtype !== 'float32' || x.shape.length !== 2 || axes.length !== 1 || (axes[0] !== 0 && axes[0] !== -2) || x.shape[0] * x.shape[1] === 0) return null;
    const [rows, cols] = x.shape;
    const out = heap.makeOutput(attrs?.keepDims ? [1, cols] : [cols], 'float32');
    const [from, to] = [heap.getMemoryOffset(x.dataId), heap.getMemoryOffset(out.dataId)];
    kernels.columnSums(from, to, rows, cols);
    lastColumns(heap.wasm.HEAPF32, from >> 2, to >> 2, rows, cols);
    return out;
  });
}

/** Sums columns 4⌊C/4⌋… in float32, row 0 down, as the kernel does. */
function lastColumns(h: Float32Array, x: number, out: number, rows: number, cols: number): void {
  for (let c = cols & ~3; c < cols; c++) {
    let acc = 0;
    for (let r = 0; r < rows; r++) acc = Math.fround(acc + h[x + r * cols + c]);
    h[out + c] = acc;
  }
}
