import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installLabWasmKernels } from '../../src/engine/wasm-kernels';

/** Node tests run tfjs on its WASM backend (no native addon needed), falling back to CPU; with the lab's WASM kernels, as in the app. */
export async function useTestBackend(): Promise<string> {
  tf.env().set('IS_TEST', false);
  installLabWasmKernels('wasm');
  if (tf.getBackend() !== 'wasm') {
    const ok = await tf.setBackend('wasm').catch(() => false);
    if (!ok) await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend();
}
