import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from './csr';
import { easeSizeCheck, gramPlusLambda } from './ease';
import { invertSpdOnDevice } from './spd-inverse-device';

/**
 * EASE (see ease.ts) with P = (XᵀX + λI)⁻¹ computed on the tfjs device by block inversion,
 * then B_ij = −P_ij / P_jj, B_jj = 0. Returns B (items×items, row-major, float32).
 * The size check is the memory one only: the device's matMuls do not follow the CPU sweep's time estimate.
 */
export async function fitEaseOnDevice(x: Csr, lambda: number, onProgress?: (fraction: number) => void): Promise<Float32Array> {
  if (!(lambda > 0)) throw new Error(`EASE needs λ > 0 (got ${lambda}).`);
  const check = easeSizeCheck(x.cols, { maxSeconds: Number.POSITIVE_INFINITY });
  if (!check.ok) throw new Error(check.reason);
  const m = x.cols;
  const upper = gramPlusLambda(x, lambda);
  const g = new Float32Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) g[i * m + j] = g[j * m + i] = upper[i * m + j];
  const gt = tf.tensor2d(g, [m, m]);
  let p: tf.Tensor2D;
  try {
    p = await invertSpdOnDevice(gt, onProgress && ((f) => onProgress(0.97 * f)));
  } finally {
    gt.dispose();
  }
  const w = (await p.data()) as Float32Array;
  p.dispose();
  const diag = new Float32Array(m);
  for (let j = 0; j < m; j++) diag[j] = w[j * m + j];
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) w[row + j] = i === j ? 0 : -w[row + j] / diag[j];
  }
  onProgress?.(1);
  return w;
}
