import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { lookAtAdapter, needsAdapter, type AdapterLook } from './adapter-look';
import type { BackendInfo } from './protocol';
import { markOnce } from './startup-marks';
import { installLabWasmKernels } from './wasm-kernels';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/** tfjs-backend-wasm pre-starts 8 pthread workers; more would be spawned mid-step. */
const MAX_WASM_THREADS = 8;

/** The page's look at the adapter (it asks at its start, while this worker's scripts still load), for the first choice. */
let pageLook: Promise<AdapterLook | null> | null = null;

/** Hands the first backend choice the page's look at the adapter; later choices (a switch, a lost device) ask afresh. */
export function lookFromPage(look: Promise<AdapterLook | null>): void {
  pageLook = look;
}

function adapterLook(): Promise<AdapterLook | null> {
  const look = pageLook ?? lookAtAdapter();
  pageLook = null;
  return look;
}

/** Threads only run where SharedArrayBuffer does: a cross-origin isolated page (COOP + COEP). */
function isIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** `?threads=N` on the page (handed over in the worker's name), so the bench can compare counts; null when not asked. */
function askedThreads(): number | null {
  const name = (globalThis as { name?: string }).name ?? '';
  const asked = Number(new URLSearchParams(name.slice(name.indexOf('?') + 1)).get('threads'));
  return Number.isInteger(asked) && asked > 0 ? asked : null;
}

const logicalCores = () => (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 1;
const clampThreads = (n: number) => Math.max(1, Math.min(MAX_WASM_THREADS, n));

/**
 * The WASM thread count for most nets: one fewer than the logical cores (at least 1, up to
 * tfjs's pool of 8), so one core is left to the page, which draws the panels while the worker
 * trains. Measured on a 2-core machine (`npm run bench`, sections threads, peers and presets):
 * with 1 thread instead of 2, the bench net trained about 30 % faster, ConvNetJS's net 55 %, and
 * each image preset 20–74 % (the thread pool hands off at every op, and stalls when the page
 * holds the other core); with the lab's SIMD kernels (Adam, transposes, sums), ConvNetJS's net
 * 40 % faster and the bench net 6 % live (its steps alone 8 % slower). Nets with a big matMul
 * get every core (`allWasmThreads`).
 */
export function wantedWasmThreads(): number {
  return clampThreads(askedThreads() ?? logicalCores() - 1);
}

/** Every core: for nets whose largest matMul pays for the pool's hand-offs (`suitWasmTo`). */
function allWasmThreads(): number {
  return clampThreads(askedThreads() ?? logicalCores());
}

/**
 * Multiply–adds a step in a net's largest weight matrix (batch × rows × columns) from which
 * every core pays. Measured on 2 cores: the 6,000-item Mult-VAE (64 × 6,000 × 600 ≈ 230 M)
 * trained 0–35 % faster on 2 threads than on 1; the identity trap (128 × 784 × 1,024 ≈ 103 M)
 * ran as fast on either, and every smaller net faster on 1.
 */
export const ALL_CORES_WORK = 150e6;

/**
 * Loads the WASM backend on first use. tfjs caps its pool at hardwareConcurrency / 2 whatever
 * setThreadsCount asks (backend.cc, tensorflow/tfjs#6081), so a 2-core machine got 1 thread:
 * while the module starts, it is shown twice the cores we want.
 */
let wasmLoaded: Promise<typeof import('@tensorflow/tfjs-backend-wasm')> | null = null;
async function loadWasm(): Promise<typeof import('@tensorflow/tfjs-backend-wasm')> {
  wasmLoaded ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    markOnce('wasm-js');
    installLabWasmKernels('wasm'); // before registerWasmAll copies the kernels
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    return wasm;
  });
  return wasmLoaded;
}

/**
 * The every-core WASM backend: tfjs's own WASM factory again, so a second module with its own
 * thread pool, registered under another name with the same kernels. Switching between the two
 * is tf.setBackend; tfjs moves a tensor to the backend in use when an op first reads it.
 */
const WASM_ALL = 'wasm-all';
type WasmName = 'wasm' | typeof WASM_ALL;

interface HeapLookup {
  dataIdMap: { get(dataId: object): unknown };
  typedArrayFromHeap(t: { dataId: object }): unknown;
}

function registerWasmAll(BackendWasm: { prototype: unknown }): void {
  if (tf.findBackendFactory(WASM_ALL)) return;
  const factory = tf.findBackendFactory('wasm');
  if (!factory) throw new Error('The WASM backend is not registered.');
  tf.registerBackend(WASM_ALL, factory, -1);
  for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...kernel, backendName: WASM_ALL });
  // tfjs-wasm's typedArrayFromHeap takes the heap's buffer, then looks the tensor up; when the
  // lookup moves a tensor in from the other module, its malloc can grow the heap, and the view
  // is cut from the old, shorter buffer ("Invalid typed array length"). Look up first.
  const proto = BackendWasm.prototype as HeapLookup;
  const view = proto.typedArrayFromHeap;
  proto.typedArrayFromHeap = function (this: HeapLookup, t) {
    this.dataIdMap.get(t.dataId);
    return view.call(this, t);
  };
}

/** Whether this browser can run tfjs's threaded build (SharedArrayBuffer: a cross-origin isolated page); asked once. */
let canThread: Promise<boolean> | null = null;

/**
 * Starts (or returns to) a WASM backend; `threads` applies when its module first starts. One
 * thread gets tfjs's plain SIMD build: the threaded build would start its pool of 8 pthread
 * workers (each a Worker instantiating the module) that one thread never uses, on the cores the
 * page needs for its first picture. tfjs picks the build from this flag when a module starts.
 */
async function startWasm(name: WasmName = 'wasm'): Promise<boolean> {
  const wasm = await loadWasm();
  if (name === WASM_ALL) registerWasmAll(wasm.BackendWasm);
  const threads = name === WASM_ALL ? allWasmThreads() : wantedWasmThreads();
  canThread ??= Promise.resolve(tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')).then(Boolean);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', (await canThread) && threads > 1);
  wasm.setThreadsCount(threads);
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav || !isIsolated()) return tryBackend(name);
  Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  try {
    return await tryBackend(name);
  } finally {
    // Drops the own property: the prototype's getter answers again.
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function tryBackend(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * On WASM, moves to the thread count that suits a net whose largest weight matrix costs `work`
 * multiply–adds a step: every core from ALL_CORES_WORK, one fewer below. A no-op on other
 * backends, when a page asked for a count, or where both counts agree (1 core, no isolation).
 * Returns the backend now in use when it switched, else null.
 */
export async function suitWasmTo(work: number): Promise<BackendInfo | null> {
  const current = tf.getBackend();
  if ((current !== 'wasm' && current !== WASM_ALL) || !isIsolated() || allWasmThreads() === wantedWasmThreads()) return null;
  const target: WasmName = work >= ALL_CORES_WORK ? WASM_ALL : 'wasm';
  if (target === current) return null;
  if (!(await startWasm(target).catch(() => false))) {
    await tryBackend(current); // the other module could not start: stay where we were
    return null;
  }
  return { name: 'wasm', ...(await describe('wasm', null)), isolated: true, cores: logicalCores() };
}

/** Each backend's code loads only when it is chosen. */
async function startBackend(name: Exclude<BackendChoice, 'auto'>): Promise<boolean> {
  if (name === 'wasm') return startWasm().catch(() => false);
  // tfjs-core alone registers no backend: each registers itself when its package is imported.
  const load = {
    webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
    webgl: () => import('@tensorflow/tfjs-backend-webgl'),
    cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  }[name];
  const loaded = await load().then(
    () => true,
    () => false,
  );
  return loaded && tryBackend(name);
}

/** Threads the WASM backend in use really runs (1 without isolation or the threaded build): its own module's count. */
function wasmThreadsInUse(): number {
  const module = (tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
  return Math.max(1, module?.tfjs?.getThreadsCount?.() ?? 1);
}

async function describe(name: string, adapter: AdapterLook | null): Promise<Pick<BackendInfo, 'adapter' | 'threads'>> {
  if (name === 'webgpu') return { adapter: adapter?.label ?? 'WebGPU adapter' };
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = wasmThreadsInUse();
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
  // Only auto and WebGPU need the adapter (asking starts the GPU process's WebGPU, CPU time a forced WASM saves).
  const adapter = needsAdapter(requested) ? await adapterLook() : null;
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
