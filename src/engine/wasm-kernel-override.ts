import * as tf from '@tensorflow/tfjs-core';
import { simdKernelsOn, type SimdKernels } from './simd-kernels';
import { heapMemory, type WasmHeap } from './wasm-heap';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };
export type Kernel = (args: KernelArgs) => tf.TensorInfo;

/**
 * Registers `ours` over tfjs's kernel `name` on a WASM backend. `ours` gets the lab's SIMD
 * kernels and the heap, and returns null for the cases it leaves to tfjs's kernel (any case,
 * where this WebAssembly has no SIMD). Once per backend name; tfjs's setup still runs, since
 * its other kernels call its C++ functions directly.
 */
export function overrideWasmKernel(
  name: string,
  backendName: string,
  ours: (args: KernelArgs, kernels: SimdKernels, heap: WasmHeap, original: Kernel) => tf.TensorInfo | null,
): void {
  const kernel = tf.getKernel(name, backendName);
  if (!kernel || (kernel.kernelFunc as { lab?: true }).lab) return;
  const original = kernel.kernelFunc as unknown as Kernel;
  const kernelFunc: Kernel = (args) => {
    const heap = args.backend as WasmHeap;
    const memory = heapMemory(heap);
    const kernels = memory && simdKernelsOn(memory);
    return (kernels && ours(args, kernels, heap, original)) ?? original(args);
  };
  tf.unregisterKernel(name, backendName);
  tf.registerKernel({
    kernelName: name,
    backendName,
    setupFunc: kernel.setupFunc,
    kernelFunc: Object.assign(kernelFunc, { lab: true as const, tfjs: original }) as unknown as tf.KernelFunc,
  });
}

/** Whether a kernel on `backendName` is the lab's (for tests). */
export const isLabKernel = (name: string, backendName: string): boolean => (tf.getKernel(name, backendName)?.kernelFunc as { lab?: true } | undefined)?.lab === true;

/** Runs f with tfjs's own kernel `name` in place of the lab's (the bench's roofline measures tfjs's matMul). */
export function withTfjsKernel<T>(name: string, backendName: string, f: () => T): T {
  const kernel = tf.getKernel(name, backendName);
  const tfjs = (kernel?.kernelFunc as { tfjs?: Kernel } | undefined)?.tfjs;
  if (!kernel || !tfjs) return f();
  tf.unregisterKernel(name, backendName);
  tf.registerKernel({ ...kernel, kernelFunc: tfjs as unknown as tf.KernelFunc });
  try {
    return f();
  } finally {
    tf.unregisterKernel(name, backendName);
    tf.registerKernel(kernel);
  }
}
