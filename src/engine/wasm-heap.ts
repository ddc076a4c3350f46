import * as tf from '@tensorflow/tfjs';

/** The WASM backends keep every tensor on one heap that JS can read in place (no copy). */
export interface WasmHeap {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
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
