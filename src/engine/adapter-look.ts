/**
 * What a WebGPU adapter is: a real GPU, or a CPU fallback (SwiftShader, llvmpipe…) on which
 * 'auto' trains on WASM instead. No tfjs here: the page asks as soon as its script runs, while
 * the worker's script (tfjs) still loads, and hands the answer over (init's pageLooks).
 */
export interface AdapterLook {
  real: boolean;
  label: string;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i;

/** Asks for a WebGPU adapter and tells whether it is a real GPU; null where there is none. Never rejects. */
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

/**
 * The worker's side: the page's answer when the page said it would ask (`expect`), else the
 * worker asks itself. Either way once: later 'auto' choices reuse the answer.
 */
export class AdapterFromPage {
  private answer: Promise<AdapterLook | null> | null = null;
  private deliverAnswer: ((look: AdapterLook | null) => void) | null = null;
  expect(): void {
    this.answer ??= new Promise((resolve) => (this.deliverAnswer = resolve));
  }
  deliver(look: AdapterLook | null): void {
    if (this.deliverAnswer) this.deliverAnswer(look);
    else this.answer = Promise.resolve(look);
    this.deliverAnswer = null;
  }
  look = (): Promise<AdapterLook | null> => (this.answer ??= lookAtAdapter());
}
