import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../math/rng';

/**
 * Input corruption q(x̃ | x) of the denoising autoencoder (Vincent et al. 2008). The model
 * encodes x̃ and is scored against the clean x, so it must learn to undo the noise.
 */

export type CorruptionKind = 'gaussian' | 'masking' | 'salt-and-pepper';

export const CORRUPTION_KINDS: readonly CorruptionKind[] = ['gaussian', 'masking', 'salt-and-pepper'];

export function isCorruptionKind(v: unknown): v is CorruptionKind {
  return typeof v === 'string' && (CORRUPTION_KINDS as readonly string[]).includes(v);
}

/** Largest Gaussian σ accepted (pixels are in [0, 1]; beyond this the digit is gone). */
export const MAX_GAUSSIAN_SIGMA = 10;

/**
 * Checks a corruption level for its kind: σ in [0, 10] for 'gaussian', the fraction ν in
 * [0, 1] for 'masking' and 'salt-and-pepper'. Throws a readable Error otherwise.
 */
export function checkCorruption(kind: unknown, level: unknown): { kind: CorruptionKind; level: number } {
  if (!isCorruptionKind(kind)) throw new Error(`noiseKind must be one of: ${CORRUPTION_KINDS.join(', ')}; got ${String(kind)}.`);
  if (typeof level !== 'number' || !Number.isFinite(level)) throw new Error(`noiseLevel must be a number; got ${String(level)}.`);
  if (kind === 'gaussian' && (level < 0 || level > MAX_GAUSSIAN_SIGMA)) {
    throw new Error(`noiseLevel σ of Gaussian noise must be from 0 to ${MAX_GAUSSIAN_SIGMA}; got ${level}.`);
  }
  if (kind !== 'gaussian' && (level < 0 || level > 1)) {
    throw new Error(`noiseLevel ν of ${kind} noise is a fraction of pixels and must be from 0 to 1; got ${level}.`);
  }
  return { kind, level };
}

/** A tfjs seed in [1, 2³¹) (tfjs treats 0 as "unseeded"). */
function tfSeed(s: number): number {
  return ((createRng(s >>> 0)() * (2 ** 31 - 1)) >>> 0) + 1;
}

/** Mixes a base seed with the step so the noise of step t is fixed by (seed, t): runs reproduce. */
export function stepNoiseSeed(baseSeed: number, step: number): number {
  return tfSeed((baseSeed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
}

/**
 * x̃ ~ q(x̃ | x), seeded:
 *   gaussian         x̃ = x + σ ε, ε ~ N(0, I)            (not clipped)
 *   masking          x̃_i = 0 with probability ν, else x_i
 *   salt-and-pepper  x̃_i = 0 or 1 (equal odds) with probability ν, else x_i
 * Each pixel is corrupted independently, so the fraction hit is ν on average.
 * Call inside tf.tidy; the caller disposes the result.
 */
export function corrupt(x: tf.Tensor2D, kind: CorruptionKind, level: number, seed: number): tf.Tensor2D {
  checkCorruption(kind, level);
  return tf.tidy(() => {
    if (level === 0) return tf.clone(x);
    const s = tfSeed(seed);
    if (kind === 'gaussian') return tf.add(x, tf.randomNormal(x.shape, 0, level, 'float32', s)) as tf.Tensor2D;
    // hit_i = 1[u_i < ν], u ~ U(0, 1)
    const hit = tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', s), level);
    if (kind === 'masking') return tf.where(hit, tf.zerosLike(x), x) as tf.Tensor2D;
    // salt (1) or pepper (0) with equal odds: 1[v_i < ½]
    const salt = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', tfSeed(s ^ 0x5bd1e995)), 0.5), 'float32');
    return tf.where(hit, salt, x) as tf.Tensor2D;
  });
}
