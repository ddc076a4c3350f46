import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { shareIdentityOn } from '../../src/engine/wasm-identity';
import { fastColumnSumsOn } from '../../src/engine/wasm-sum';
import { fastTanhOn } from '../../src/engine/wasm-tanh';
import { fastTransposeOn } from '../../src/engine/wasm-transpose';

/** Node tests run tfjs on its WASM backend (no native addon needed), falling back to CPU; with the lab's Identity, as in the app. */
export async function useTestBackend(): Promise<string> {
  tf.env().set('IS_TEST', false);
  shareIdentityOn('wasm');
  fastTransposeOn('wasm');
  fastColumnSumsOn('wasm');
  fastTanhOn('wasm');
  if (tf.getBackend() !== 'wasm') {
    const ok = await tf.setBackend('wasm').catch(() => false);
    if (!ok) await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend();
}
