import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo } from './protocol';
import { markOnce } from './startup-marks';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i;

/** tfjs-backend-wasm pre-starts 8 pthread workers; more would be spawned mid-step. */
const MAX_WASM_THREADS = 8;

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

/** Threads only run where SharedArrayBuffer does: a cross-origin isolated page (COOP + COEP). */
function isIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/**
 * The WASM thread count: one fewer than the logical cores (at least 1, up to tfjs's pool of 8),
 * so one core is left to the page, which draws the panels while the worker trains. Measured on a
 * 2-core machine (`npm run bench`, sections threads, peers and presets): with 1 thread instead of
 * 2, the bench net trained about 30 % faster, ConvNetJS's net 55 %, and each image preset 20–74 %
 * (the thread pool's hand-off at every op stalls when the page holds the other core); only the
 * 6,000-item Mult-VAE lost (0–25 %). `?threads=N` on the page (handed over in the worker's name)
 * overrides it, so the bench can compare counts.
 */
export function wantedWasmThreads(): number {
  const name = (globalThis as { name?: string }).name ?? '';
  const asked = Number(new URLSearchParams(name.slice(name.indexOf('?') + 1)).get('threads'));
  const cores = (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 1;
  const n = Number.isInteger(asked) && asked > 0 ? asked : cores - 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, n));
}

/**
 * Loads the WASM backend on first use. tfjs caps its pool at hardwareConcurrency / 2 whatever
 * setThreadsCount asks (backend.cc, tensorflow/tfjs#6081), so a 2-core machine got 1 thread:
 * while the module starts, it is shown twice the cores we want.
 */
let wasmLoaded: Promise<void> | null = null;
async function loadWasm(): Promise<void> {
  wasmLoaded ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    markOnce('wasm-js');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    wasm.setThreadsCount(wantedWasmThreads());
  });
  return wasmLoaded;
}

async function startWasm(): Promise<boolean> {
  await loadWasm();
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav || !isIsolated()) return tryBackend('wasm');
  Object.defineProperty(nav, 'hardwareConcurrency', { value: wantedWasmThreads() * 2, configurable: true });
  try {
    return await tryBackend('wasm');
  } finally {
    // Drops the own property: the prototype's getter answers again.
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
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

/** Each backend's code loads only when it is chosen. */
async function startBackend(name: Exclude<BackendChoice, 'auto'>): Promise<boolean> {
  if (name === 'wasm') return startWasm().catch(() => false);
  if (name === 'webgpu') {
    const loaded = await import('@tensorflow/tfjs-backend-webgpu').then(
      () => true,
      () => false,
    );
    if (!loaded) return false;
  }
  return tryBackend(name);
}

/** Threads the WASM backend really runs (1 without isolation or the threaded build). */
async function wasmThreadsInUse(): Promise<number> {
  if (!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) return 1;
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return Math.max(1, getThreadsCount());
}

async function describe(name: string, adapter: AdapterLook | null): Promise<Pick<BackendInfo, 'adapter' | 'threads'>> {
  if (name === 'webgpu') return { adapter: adapter?.label ?? 'WebGPU adapter' };
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await wasmThreadsInUse();
    return { adapter: `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`, threads };
  }
  if (name === 'webgl') return { adapter: `WebGL ${tf.env().getNumber('WEBGL_VERSION')}` };
  return { adapter: 'plain JavaScript', threads: 1 };
}

/**
 * Sets the tfjs backend. 'auto': WebGPU when the adapter is a real GPU, else WASM,
 * then WebGL, then CPU. A forced choice that fails falls back along the same chain,
 * and the returned note says so.
 */
export async function chooseBackend(requested: BackendChoice): Promise<BackendInfo> {
  // The WASM backend's code loads while the adapter answers (SwiftShader's takes a while): auto
  // chooses WASM wherever there is no real GPU.
  if (requested === 'auto' || requested === 'wasm') void loadWasm().catch(() => undefined);
  const adapter = await lookAtAdapter();
  markOnce('adapter');
  let chain: Exclude<BackendChoice, 'auto'>[] = ['wasm', 'webgl', 'cpu'];
  let note: string | undefined;
  if (requested === 'auto') {
    if (adapter?.real) chain.unshift('webgpu');
    else note = adapter ? `WebGPU adapter "${adapter.label}" is a software fallback, so auto chose another backend.` : undefined;
  } else {
    chain = [requested, ...chain.filter((b) => b !== requested)];
  }
  for (const name of chain) {
    if (await startBackend(name)) {
      if (requested !== 'auto' && name !== requested) note = `${requested} could not start here; using ${name} instead.`;
      return { name, ...(await describe(name, adapter)), isolated: isIsolated(), cores: globalThis.navigator?.hardwareConcurrency, note };
    }
  }
  throw new Error('No TensorFlow.js backend could start in this browser.');
}
