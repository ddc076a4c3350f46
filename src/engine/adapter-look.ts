/**
 * The WebGPU adapter, looked at: whether it is a real GPU (not a CPU fallback such as
 * SwiftShader) and its label. No tfjs here: the page asks too (client/engine-client.ts), at its
 * start, so the answer is in by the time the worker's tfjs has loaded; asking takes a while
 * wherever the GPU process has to start WebGPU (about 0.2 s for SwiftShader on 2 cores).
 */
export interface AdapterLook {
  real: boolean;
  label: string;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i;

/** Asks for a WebGPU adapter and tells whether it is a real GPU; null where there is none. */
export async function lookAtAdapter(): Promise<AdapterLook | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info;
  const label = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { real: !fallback && !SOFTWARE_ADAPTER.test(label), label };
}

/** Whether a backend choice needs the adapter: only auto (to choose) and WebGPU (to name it). */
export const needsAdapter = (requested: string): boolean => requested === 'auto' || requested === 'webgpu';
