import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's WASM backend module the lab uses: its allocator and its memory. */
interface WasmModule {
  _malloc(bytes: number): number;
  _free(offset: number): void;
  HEAPF32: Float32Array;
  /** The threaded build's memory. */
  wasmMemory?: WebAssembly.Memory;
  /** The instance's exports, where the unthreaded builds keep their memory. */
  asm?: { memory?: WebAssembly.Memory };
}

/** The WASM backends keep every tensor on one heap that JS can read in place (no copy). */
export interface WasmHeap {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  getMemoryOffset(dataId: tf.DataId): number;
  /** A new tensor's info with its bytes allocated (not initialised) on the heap. */
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  wasm: WasmModule;
}

/**
 * The backend's heap when it is a WASM one, else null (a GPU's tensors cannot be read in
 * place). Views are taken afresh each time: a heap that grew has a new buffer.
 */
export function wasmHeap(): WasmHeap | null {
  if (!tf.getBackend()?.startsWith('wasm')) return null;
  const backend = tf.backend() as unknown as Partial<WasmHeap>;
  return backend.typedArrayFromHeap ? (backend as WasmHeap) : null;
}

/** The heap's WebAssembly.Memory, which other modules can import to work on tensors in place. */
export function heapMemory(heap: WasmHeap): WebAssembly.Memory | null {
  const memory = heap.wasm.wasmMemory ?? heap.wasm.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}
