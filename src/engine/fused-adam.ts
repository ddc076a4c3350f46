import * as tf from '@tensorflow/tfjs-core';
import type { StepOptimizer } from './optimizer';
import type { SimdAdam } from './simd-adam';
import { simdKernelsOn } from './simd-kernels';
import { heapMemory, wasmHeap, type WasmHeap } from './wasm-heap';

/** One parameter's Adam moments m and v: float32 blocks on the WASM heap (byte offsets). */
interface Moments {
  m: number;
  v: number;
}

/**
 * Adam (Kingma & Ba 2015) as tf.train.adam computes it, in one pass over each parameter on
 * the WASM heap: at step t, with gradient g,
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε),
 * in float32 and in tfjs's order of operations, so the two agree to the last bit.
 * tfjs runs that as about 14 kernels per parameter tensor, and on WASM each kernel costs more
 * in dispatch than the small layers' arithmetic (measured: 172 kernels and 1.1–1.5 ms a step on
 * ConvNetJS's 784-50-50-2-50-50-784 net). The pass is a WebAssembly SIMD kernel on tfjs's own
 * heap (simd-adam.ts), or a JS loop where SIMD is missing. The moments live on that heap; the
 * new weights go into a fresh tensor (the old value may be shared with a checkpoint's clone, so
 * it is never written in place), with no copy.
 */
export class FusedAdam implements StepOptimizer {
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  /** tfjs's default for float32 backends. */
  readonly epsilon = 1e-7;
  /** β₁ᵗ and β₂ᵗ (0 before the first step). */
  private acc1 = 0;
  private acc2 = 0;
  private heap: WasmHeap | null = null;
  private kernel: SimdAdam | null = null;
  private readonly moments = new Map<tf.Variable, Moments>();

  constructor(private learningRate: number) {}

  /** Whether the update runs as the SIMD kernel (else the JS loop); known after the first step. */
  get simd(): boolean {
    return this.kernel !== null;
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /** One step on f's gradient with respect to `vars`; returns f's value (the caller disposes it). */
  minimize(f: () => tf.Scalar, vars: tf.Variable[]): tf.Scalar {
    const heap = wasmHeap();
    if (!heap) throw new Error(`The fused Adam update runs on WASM only, not on ${tf.getBackend()}.`);
    if (heap !== this.heap) {
      // First step (or a new backend, whose heap holds none of the old moments): start afresh.
      this.moments.clear();
      this.acc1 = this.acc2 = 0;
      this.heap = heap;
      const memory = heapMemory(heap);
      this.kernel = memory ? (simdKernelsOn(memory)?.adam ?? null) : null;
    }
    const { value, grads } = tf.variableGrads(f, vars);
    // tf.train.adam's scalars, as float32: β₁ᵗ and β₂ᵗ accumulate by one product a step.
    const [b1, b2, eps, negLr] = [this.beta1, this.beta2, this.epsilon, -this.learningRate].map(Math.fround);
    const [a1, a2] = [1 - this.beta1, 1 - this.beta2].map(Math.fround);
    this.acc1 = this.acc1 === 0 ? b1 : Math.fround(this.acc1 * b1);
    this.acc2 = this.acc2 === 0 ? b2 : Math.fround(this.acc2 * b2);
    const [c1, c2] = [1 - this.acc1, 1 - this.acc2].map(Math.fround);
    for (const w of vars) {
      const grad = grads[w.name];
      if (!grad) continue; // not on the loss's path (tfjs's Adam skips it too)
      const state = this.moments.get(w) ?? this.allocate(heap, w);
      const out = heap.makeOutput(w.shape, 'float32');
      const [x, g, o] = [w.dataId, grad.dataId, out.dataId].map((id) => heap.getMemoryOffset(id));
      const n = w.size;
      // The kernel does 4·⌊n/4⌋ parameters; the JS loop the rest (or all of them, without SIMD).
      const from = this.kernel ? n - (n % 4) : 0;
      this.kernel?.(x, g, state.m, state.v, o, n, c1, c2, negLr, b1, a1, b2, a2, eps);
      // The view after the allocations above: a grown heap has a new buffer.
      adamRange(heap.wasm.HEAPF32, [x, g, state.m, state.v, o], from, n, [c1, c2, negLr, b1, a1, b2, a2, eps]);
      const updated = tf.engine().makeTensorFromTensorInfo(out);
      w.assign(updated);
      updated.dispose();
    }
    tf.dispose(Object.values(grads));
    return value;
  }

  /** Zeroed m and v for w, on the heap. */
  private allocate(heap: WasmHeap, w: tf.Variable): Moments {
    const bytes = 4 * w.size;
    const state = { m: heap.wasm._malloc(bytes), v: heap.wasm._malloc(bytes) };
    heap.wasm.HEAPF32.fill(0, state.m >> 2, (state.m >> 2) + w.size);
    heap.wasm.HEAPF32.fill(0, state.v >> 2, (state.v >> 2) + w.size);
    this.moments.set(w, state);
    return state;
  }

  dispose(): void {
    // Freed only on the heap they came from, if that backend is still the one running.
    if (this.heap && wasmHeap() === this.heap) for (const { m, v } of this.moments.values()) [m, v].forEach((p) => this.heap?.wasm._free(p));
    this.moments.clear();
    this.heap = null;
  }
}

/**
 * The same update as the kernel, on parameters [from, n) of one heap view (x, g, m, v, out: each
 * tensor's byte offset), rounding each operation to float32 as the kernel and tfjs do.
 */
function adamRange(h: Float32Array, offsets: number[], from: number, n: number, scalars: number[]): void {
  const [x, g, m, v, out] = offsets.map((o) => o >> 2);
  const [c1, c2, negLr, b1, a1, b2, a2, eps] = scalars;
  const f = Math.fround;
  for (let i = from; i < n; i++) {
    const gi = h[g + i];
    const mi = f(f(h[m + i] * b1) + f(gi * a1));
    const vi = f(f(h[v + i] * b2) + f(f(gi * gi) * a2));
    h[m + i] = mi;
    h[v + i] = vi;
    h[out + i] = f(f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * negLr) + h[x + i]);
  }
}
