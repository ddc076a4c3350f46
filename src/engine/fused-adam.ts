import * as tf from '@tensorflow/tfjs';
import type { StepOptimizer } from './optimizer';
import { wasmHeap } from './wasm-heap';

/**
 * Adam (Kingma & Ba 2015) as tf.train.adam computes it, in one pass over each parameter on
 * the WASM heap: at step t, with gradient g,
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
 * tfjs runs that as about 14 kernels per parameter tensor, and on WASM each kernel costs more
 * in dispatch than the small layers' arithmetic (measured: 172 kernels and 1.1–1.5 ms a step on
 * ConvNetJS's 784-50-50-2-50-50-784 net). The moments live in JS; the new weights go back as
 * one upload per tensor (the old value may be shared with a checkpoint's clone, so it is never
 * written in place).
 */
export class FusedAdam implements StepOptimizer {
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  /** tfjs's default for float32 backends. */
  readonly epsilon = 1e-7;
  private t = 0;
  private readonly moments = new Map<tf.Variable, { m: Float32Array; v: Float32Array; next: Float32Array }>();

  constructor(private learningRate: number) {}

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /** One step on f's gradient with respect to `vars`; returns f's value (the caller disposes it). */
  minimize(f: () => tf.Scalar, vars: tf.Variable[]): tf.Scalar {
    const heap = wasmHeap();
    if (!heap) throw new Error(`The fused Adam update runs on WASM only, not on ${tf.getBackend()}.`);
    const { value, grads } = tf.variableGrads(f, vars);
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const c1 = 1 - b1 ** this.t; // bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ
    const c2 = 1 - b2 ** this.t;
    const lr = this.learningRate;
    for (const w of vars) {
      const grad = grads[w.name];
      if (!grad) continue; // not on the loss's path (tfjs's Adam skips it too)
      let s = this.moments.get(w);
      if (!s) this.moments.set(w, (s = { m: new Float32Array(w.size), v: new Float32Array(w.size), next: new Float32Array(w.size) }));
      // Views are taken here, after the last allocation: a grown heap has a new buffer.
      adamStep(heap.typedArrayFromHeap(w), heap.typedArrayFromHeap(grad), s.m, s.v, s.next, lr / c1, 1 / Math.sqrt(c2), b1, b2, eps);
      // The backend copies `next` onto its heap, so the buffer is reused next step.
      const updated = tf.tensor(s.next, w.shape, 'float32');
      w.assign(updated);
      updated.dispose();
    }
    tf.dispose(Object.values(grads));
    return value;
  }

  dispose(): void {
    this.moments.clear();
  }
}

/**
 * One Adam update of x into `next`, with k = η / (1 − β₁ᵗ) and s = 1 / √(1 − β₂ᵗ):
 *   next = x − k·m / (√v · s + ε),  the same as x − η·m̂ / (√v̂ + ε).
 * A plain function over typed arrays, so V8 compiles one tight loop.
 */
function adamStep(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, next: Float32Array, k: number, s: number, b1: number, b2: number, eps: number): void {
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = b1 * m[i] + a1 * gi;
    const vi = b2 * v[i] + a2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    next[i] = x[i] - (k * mi) / (Math.sqrt(vi) * s + eps);
  }
}
