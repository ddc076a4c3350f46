import { ADAM_KERNEL, type SimdAdam } from './simd-adam';
import { COLUMN_SUMS_KERNEL, type SimdColumnSums } from './simd-column-sums';
import { TANH_KERNEL, type SimdTanh } from './simd-tanh';
import { TRANSPOSE_KERNEL, type SimdTranspose } from './simd-transpose';
import { assemble } from './wasm-assembler';

/** The lab's own WebAssembly SIMD kernels, working in place on tfjs's WASM heap. */
export interface SimdKernels {
  adam: SimdAdam;
  transpose: SimdTranspose;
  columnSums: SimdColumnSums;
  tanh: SimdTanh;
}

const compiled = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/**
 * The kernels bound to `memory` (tfjs's heap), or null where this WebAssembly has no SIMD (the
 * callers keep their JS or tfjs paths). Compiled once per heap, synchronously: the module is
 * well under a kilobyte.
 */
export function simdKernelsOn(memory: WebAssembly.Memory): SimdKernels | null {
  if (compiled.has(memory)) return compiled.get(memory) ?? null;
  let kernels: SimdKernels | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(assemble([ADAM_KERNEL, TRANSPOSE_KERNEL, COLUMN_SUMS_KERNEL, TANH_KERNEL], shared));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    kernels = { adam: exports.adam as SimdAdam, transpose: exports.transpose as SimdTranspose, columnSums: exports.columnSums as SimdColumnSums, tanh: exports.tanh as SimdTanh };
  } catch {
    kernels = null; // no SIMD (or no shared memory) here
  }
  compiled.set(memory, kernels);
  return kernels;
}
