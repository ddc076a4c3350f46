import * as tf from '@tensorflow/tfjs-core';
import { invertSpdUpperInPlace } from './spd-inverse';

/** Blocks this size or smaller are inverted in float64 on the CPU (the sweeps of spd-inverse.ts). */
export const DEVICE_LEAF = 512;

/**
 * A⁻¹ of a symmetric positive definite A on the tfjs device, by recursive block inversion
 * with the Schur complement (A₂₁ = A₁₂ᵀ):
 *   X = A₁₁⁻¹,  T = X A₁₂,  S = A₂₂ − A₁₂ᵀ T,  Y = S⁻¹,
 *   A⁻¹ = [ X + T Y Tᵀ   −T Y ]
 *         [ −(T Y)ᵀ        Y  ].
 * About m³ multiply-adds, nearly all in matMul (the fastest kernel of every backend), against
 * the m³/2 scalar updates of the CPU sweep. float32 is ample for a well-conditioned matrix
 * such as EASE's XᵀX + λI (its eigenvalues are ≥ λ). The input is not disposed.
 * onProgress(fraction) follows the leaves inverted; it may throw to cancel.
 */
export async function invertSpdOnDevice(a: tf.Tensor2D, onProgress?: (fraction: number) => void, leaf = DEVICE_LEAF): Promise<tf.Tensor2D> {
  const m = a.shape[0];
  if (a.shape[1] !== m) throw new Error(`expected a square matrix, got ${a.shape.join('×')}.`);
  const total = leafCount(m, leaf);
  let done = 0;
  const invert = async (b: tf.Tensor2D): Promise<tf.Tensor2D> => {
    const n = b.shape[0];
    if (n <= leaf) {
      const out = await invertLeaf(b);
      // Let the worker hear a 'cancel' between blocks (onProgress may then throw).
      await new Promise((r) => setTimeout(r, 0));
      try {
        onProgress?.(++done / total);
      } catch (e) {
        out.dispose();
        throw e;
      }
      return out;
    }
    const h = Math.ceil(n / 2);
    const [a11, a12, a22] = tf.tidy(() => [tf.slice(b, [0, 0], [h, h]), tf.slice(b, [0, h], [h, n - h]), tf.slice(b, [h, h], [n - h, n - h])] as tf.Tensor2D[]);
    const held: tf.Tensor[] = [];
    try {
      const xx = await invert(a11);
      held.push(xx);
      const tt = tf.matMul(xx, a12); // T = X A₁₂
      held.push(tt);
      // S = A₂₂ − A₁₂ᵀ T (explicit transpose: transposed matMul operands are slow on WASM)
      const s = tf.tidy(() => tf.sub(a22, tf.matMul(tf.transpose(a12), tt)) as tf.Tensor2D);
      let yy: tf.Tensor2D;
      try {
        yy = await invert(s);
      } finally {
        s.dispose();
      }
      held.push(yy);
      return tf.tidy(() => {
        const ty = tf.matMul(tt, yy);
        const top = tf.concat([tf.add(xx, tf.matMul(ty, tf.transpose(tt))), tf.neg(ty)], 1);
        const bottom = tf.concat([tf.neg(tf.transpose(ty)), yy], 1);
        return tf.concat([top, bottom], 0) as tf.Tensor2D;
      });
    } finally {
      tf.dispose([a11, a12, a22, ...held]);
    }
  };
  return invert(a);
}

/** How many leaves the recursion visits for an m×m matrix. */
function leafCount(m: number, leaf: number): number {
  if (m <= leaf) return 1;
  const h = Math.ceil(m / 2);
  return leafCount(h, leaf) + leafCount(m - h, leaf);
}

/** A small block's inverse in float64 on the CPU (its upper triangle swept, then mirrored). */
async function invertLeaf(b: tf.Tensor2D): Promise<tf.Tensor2D> {
  const n = b.shape[0];
  const w = Float64Array.from(await b.data());
  invertSpdUpperInPlace(w, n);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) out[i * n + j] = out[j * n + i] = w[i * n + j];
  }
  return tf.tensor2d(out, [n, n]);
}
