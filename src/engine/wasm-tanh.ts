import type * as tf from '@tensorflow/tfjs-core';
import { tanhApprox } from './simd-tanh';
import { overrideWasmKernel } from './wasm-kernel-override';

/** On WASM, tf.tanh of float32 runs the lab's SIMD rational approximation (simd-tanh.ts; the last n mod 4 in JS, the same way). */
export function fastTanhOn(backendName: string): void {
  overrideWasmKernel('Tanh', backendName, ({ inputs }, kernels, heap) => {
    const x = inputs.x as tf.TensorInfo;
    const n = x.shape.reduce((a, b) => a * b, 1);
    if (x.dtype !== 'float32' || n === 0) return null;
    const out = heap.makeOutput(x.shape, 'float32');
    const [from, to] = [heap.getMemoryOffset(x.dataId), heap.getMemoryOffset(out.dataId)];
    kernels.tanh(from, to, n);
    const h = heap.wasm.HEAPF32;
    for (let i = n & ~3; i < n; i++) h[(to >> 2) + i] = tanhApprox(h[(from >> 2) + i]);
    return out;
  });
}
