import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo } from './protocol';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i;

interface AdapterLook {
  real: boolean;
  label: string;
}

/** Asks for a WebGPU adapter and tells whether it is a real GPU (not a CPU fallback). */
async function lookAtAdapter(): Promise<AdapterLook | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info;
  const label = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { real: !fallback && !SOFTWARE_ADAPTER.test(label), label };
}

async function tryBackend(name: Exclude<BackendChoice, 'auto'>): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function describe(name: string, adapter: AdapterLook | null): Promise<string> {
  if (name === 'webgpu') return adapter?.label ?? 'WebGPU adapter';
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? getThreadsCount() : 1;
    return `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
  }
  if (name === 'webgl') return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}`;
  return 'plain JavaScript';
}

/**
 * Sets the tfjs backend. 'auto': WebGPU when the adapter is a real GPU, else WASM,
 * then WebGL, then CPU. A forced choice that fails falls back along the same chain,
 * and the returned note says so.
 */
export async function chooseBackend(requested: BackendChoice): Promise<BackendInfo> {
  const adapter = await lookAtAdapter();
  let chain: Exclude<BackendChoice, 'auto'>[] = ['wasm', 'webgl', 'cpu'];
  let note: string | undefined;
  if (requested === 'auto') {
    if (adapter?.real) chain.unshift('webgpu');
    else note = adapter ? `WebGPU adapter "${adapter.label}" is a software fallback, so auto chose another backend.` : undefined;
  } else {
    chain = [requested, ...chain.filter((b) => b !== requested)];
  }
  for (const name of chain) {
    if (await tryBackend(name)) {
      if (requested !== 'auto' && name !== requested) note = `${requested} could not start here; using ${name} instead.`;
      return { name, adapter: await describe(name, adapter), note };
    }
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}
