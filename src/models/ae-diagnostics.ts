import * as tf from '@tensorflow/tfjs-core';
import { meanJacobianNorm } from './jacobian';
import type { Activation } from './activations';
import { checkCorruption, corrupt, type CorruptionKind } from './corruption';
import type { DenseAe, LiveAeParams } from './dense-ae';
import { sumSquaredError, type Autoencoder } from './model';

/**
 * Read-outs of a dense autoencoder's code h [B × K] for the panels. The tensor functions
 * return small tensors (the caller reads them back and disposes); codeDiagnostics reads
 * them all back at once.
 */

export const HISTOGRAM_BINS = 32;

/**
 * Fixed histogram edges per activation: sigmoid [0, 1], tanh [−1, 1], relu [0, 10]
 * (relu codes are unbounded: values past 10 land in the last bin).
 */
export function histogramRange(act: Activation): [number, number] {
  return act === 'tanh' ? [-1, 1] : act === 'sigmoid' ? [0, 1] : [0, 10];
}

/** A unit counts as active when |h| exceeds this: any positive output for relu, 0.1 for sigmoid and tanh. */
export function activeThreshold(act: Activation): number {
  return act === 'relu' ? 0 : 0.1;
}

/** Counts of all B·K code values in `bins` equal bins over [lo, hi] (out-of-range values go to the end bins), [bins]. */
export function codeHistogram(h: tf.Tensor2D, bins: number, lo: number, hi: number): tf.Tensor1D {
  if (!(Number.isInteger(bins) && bins >= 1 && hi > lo)) throw new Error(`A histogram needs bins ≥ 1 and hi > lo; got ${bins}, [${lo}, ${hi}].`);
  return tf.tidy(() => {
    // bin = clip(⌊(h − lo)/(hi − lo) · bins⌋, 0, bins − 1)
    const scaled = tf.floor(tf.mul(tf.sub(tf.reshape(h, [-1]), lo), bins / (hi - lo)));
    const index = tf.cast(tf.clipByValue(scaled, 0, bins - 1), 'int32') as tf.Tensor1D;
    return tf.bincount(index, tf.tensor1d([], 'float32'), bins);
  });
}

/** ρ̂_k = (1/B) Σ_b h_bk: each unit's mean activation (compare with the sparsity target ρ), [K]. */
export function unitMeanActivation(h: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(h, 0) as tf.Tensor1D);
}

/** (1/K) Σ_k 1[|h_bk| > t]: the fraction of units active for each input, [B]. */
export function activeFractionPerInput(h: tf.Tensor2D, threshold: number): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.cast(tf.greater(tf.abs(h), threshold), 'float32'), 1) as tf.Tensor1D);
}

/** 1 for a unit never active on the batch (max_b |h_bk| ≤ t), else 0, [K]. */
export function deadUnitMask(h: tf.Tensor2D, threshold: number): tf.Tensor1D {
  return tf.tidy(() => tf.cast(tf.lessEqual(tf.max(tf.abs(h), 0), threshold), 'float32') as tf.Tensor1D);
}

/** (1/(B·K)) Σ_b Σ_k |h_bk|: the code's mean absolute activation, a scalar. */
export function meanAbsActivation(h: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(h)) as tf.Scalar);
}

/**
 * Test oracle: (1/B) Σ_b ‖x̂(x̃_b) − x_b‖², how well the model restores corrupted digits
 * x̃ ~ q(x̃|x) (seeded), scored against the clean ones, in the units of sumSquaredError.
 * Only test/unit/regularizer-effects.test.ts calls it; the lab's panel uses denoiseQuery.
 */
export function corruptedReconstructionError(model: Autoencoder, x: tf.Tensor2D, kind: CorruptionKind, level: number, seed: number): tf.Scalar {
  return tf.tidy(() => sumSquaredError(tf, model.reconstruct(corrupt(x, kind, level, seed)), x));
}

/**
 * The model's panel read-outs on the probe batch, read back once: meanAbs, activeFraction
 * (mean over inputs), deadUnits (count), jacobianNorm (mean ‖J_f‖²_F), unitMeans [K] and
 * codeHistogram [HISTOGRAM_BINS] over histogramRange(activation).
 */
/** Test digits (the first of the probe) a stacked encoder's mean Jacobian norm is averaged over. */
export const STACK_JACOBIAN_DIGITS = 50;

/** What the dense autoencoders' code panels read (scalars also become "diag/<name>" series). */
export interface CodeDiagnostics {
  meanAbs: number;
  activeFraction: number;
  deadUnits: number;
  jacobianNorm: number;
  unitMeans: Float32Array;
  codeHistogram: Float32Array;
}

export async function codeDiagnostics(model: DenseAe, probe: tf.Tensor2D): Promise<CodeDiagnostics> {
  const k = model.latent;
  const packed = tf.tidy(() => {
    const h = model.encode(probe);
    const t = activeThreshold(model.activation);
    const [lo, hi] = histogramRange(model.activation);
    const scalars = tf.stack([
      meanAbsActivation(h),
      tf.mean(activeFractionPerInput(h, t)),
      tf.sum(deadUnitMask(h, t)),
      // A single layer has the cheap closed form; a stack's exact per-digit Jacobian is costly, so fewer digits keep snapshots live.
      meanJacobianNorm(model, model.encoderDepth === 1 ? probe : tf.slice(probe, [0, 0], [Math.min(STACK_JACOBIAN_DIGITS, probe.shape[0]), -1])),
    ]);
    return tf.concat([scalars, unitMeanActivation(h), codeHistogram(h, HISTOGRAM_BINS, lo, hi)]);
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  return {
    meanAbs: v[0],
    activeFraction: v[1],
    deadUnits: v[2],
    jacobianNorm: v[3],
    unitMeans: v.slice(4, 4 + k),
    codeHistogram: v.slice(4 + k),
  };
}

export interface DenoiseResult {
  /** n × D row-major: the corrupted inputs x̃ and their reconstructions x̂(x̃). */
  corrupted: Float32Array;
  reconstructed: Float32Array;
  /** (1/n) Σ ‖x̃ − x‖² and (1/n) Σ ‖x̂(x̃) − x‖²: the noise before and after the model. */
  corruptedError: number;
  reconstructionError: number;
}

/**
 * 'denoise' query: corrupts the first `count` probe digits with { kind, level, seed }
 * (defaults: the live noise settings, seed 1) and reconstructs them.
 */
export async function denoiseQuery(model: Autoencoder, args: unknown, probe: tf.Tensor2D, live: LiveAeParams): Promise<DenoiseResult> {
  const a = (args ?? {}) as { kind?: unknown; level?: unknown; seed?: unknown; count?: unknown };
  const { kind, level } = checkCorruption(a.kind ?? live.noiseKind, a.level ?? live.noiseLevel);
  const seed = a.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`seed must be a number; got ${String(seed)}.`);
  const count = a.count ?? probe.shape[0];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error(`count must be a whole number ≥ 1; got ${String(count)}.`);
  const n = Math.min(count, probe.shape[0]);
  const [xt, xr, errors] = tf.tidy(() => {
    const x = tf.slice(probe, [0, 0], [n, -1]);
    const noisy = corrupt(x, kind, level, seed);
    const out = model.reconstruct(noisy);
    return [noisy, out, tf.stack([sumSquaredError(tf, noisy, x), sumSquaredError(tf, out, x)])];
  });
  const [corrupted, reconstructed, e] = (await Promise.all([xt.data(), xr.data(), errors.data()])) as Float32Array[];
  tf.dispose([xt, xr, errors]);
  return { corrupted, reconstructed, corruptedError: e[0], reconstructionError: e[1] };
}
