import type { QueryName, QueryResult } from '../engine/query-map';
import * as tf from '@tensorflow/tfjs-core';
import { klPerDimension as klPerDimTensor } from '../math/kl';
import { fitPca } from '../math/pca';
import type { Vae } from './vae';

/**
 * Read-outs of a trained VAE for the panels. Each function builds its tensors in a
 * tf.tidy, reads back once with `await data()`, and disposes: nothing is left behind.
 */

async function readFloats(t: tf.Tensor): Promise<Float32Array> {
  // A copy: some backends hand out their own cached buffer from data().
  const values = Float32Array.from((await t.data()) as Float32Array);
  t.dispose();
  return values;
}

/** KL_j = (1/B) Σ_b ½(μ² + σ² − log σ² − 1) on a batch: nats each latent dim carries, [K]. */
export async function klPerDimension(vae: Vae, x: tf.Tensor2D): Promise<Float32Array> {
  return readFloats(
    tf.tidy(() => {
      const { mu, logVar } = vae.posterior(x);
      return klPerDimTensor(mu, logVar);
    }),
  );
}

export const COLLAPSE_THRESHOLD = 0.01;

/** Dimensions whose KL exceeds the threshold: the ones the decoder can actually use. */
export function activeDimensions(klPerDim: ArrayLike<number>, threshold = COLLAPSE_THRESHOLD): number {
  let n = 0;
  for (let j = 0; j < klPerDim.length; j++) if (klPerDim[j] > threshold) n++;
  return n;
}

/** Posterior collapse: every dimension's KL is below the threshold, so q(z|x) ≈ p(z) for all x. */
export function isPosteriorCollapsed(klPerDim: ArrayLike<number>, threshold = COLLAPSE_THRESHOLD): boolean {
  return activeDimensions(klPerDim, threshold) === 0;
}

/** n images decoded from z ~ N(0, I) with a fixed seed: [n × D] row-major. */
export async function samplePrior(vae: Vae, n: number, seed: number): Promise<Float32Array> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`The number of prior samples must be a whole number ≥ 1; got ${n}.`);
  // tfjs treats seed 0 as unseeded.
  const s = seed >>> 0 || 1;
  return readFloats(tf.tidy(() => vae.decode(tf.randomNormal([n, vae.latent], 0, 1, 'float32', s) as tf.Tensor2D)));
}

/**
 * Inverse of the standard normal CDF, Φ⁻¹(p) for p in (0, 1) (Acklam's rational
 * approximation, relative error < 1.2e-9).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs p in (0, 1); got ${p}.`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const v = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? v : -v;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The decoded manifold (Kingma & Welling 2014, Fig. 4): a g×g grid of z at Gaussian
 * quantiles z = Φ⁻¹((i + ½)/g), so equal tiles hold equal prior mass. Column j varies z₁
 * left→right, row i varies z₂ top (high) → bottom (low); other dims (latent > 2) are 0.
 * Returns g² images in row-major tile order, and the quantiles used.
 */
export async function manifoldGrid(vae: Vae, g: number): Promise<{ images: Float32Array; quantiles: number[] }> {
  if (!Number.isInteger(g) || g < 1) throw new Error(`The manifold grid size must be a whole number ≥ 1; got ${g}.`);
  const quantiles = Array.from({ length: g }, (_, i) => normalQuantile((i + 0.5) / g));
  const k = vae.latent;
  const z = new Float32Array(g * g * k);
  for (let row = 0; row < g; row++) {
    for (let col = 0; col < g; col++) {
      const at = (row * g + col) * k;
      z[at] = quantiles[col];
      z[at + 1] = quantiles[g - 1 - row];
    }
  }
  const images = await readFloats(tf.tidy(() => vae.decode(tf.tensor2d(z, [g * g, k]))));
  return { images, quantiles };
}

/** Decoded images along the straight line z_t = (1 − t) z_a + t z_b, t = 0 … 1 in `steps` points. */
export async function interpolate(vae: Vae, zA: ArrayLike<number>, zB: ArrayLike<number>, steps: number): Promise<Float32Array> {
  const k = vae.latent;
  if (zA.length !== k || zB.length !== k) throw new Error(`Both end points need ${k} latent values; got ${zA.length} and ${zB.length}.`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`An interpolation needs a whole number of steps ≥ 2; got ${steps}.`);
  const z = new Float32Array(steps * k);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let j = 0; j < k; j++) z[s * k + j] = (1 - t) * zA[j] + t * zB[j];
  }
  return readFloats(tf.tidy(() => vae.decode(tf.tensor2d(z, [steps, k]))));
}

/** μ(x) for a batch, read back: [B × K] row-major. */
export async function posteriorMeans(vae: Vae, x: tf.Tensor2D): Promise<Float32Array> {
  return readFloats(tf.tidy(() => vae.encode(x)));
}

export interface LatentMap {
  /** n × 2 row-major plot coordinates. */
  coords: Float32Array;
  /** 'mu': (μ₁, μ₂) directly (latent 2); 'pca': the top two principal axes of μ. */
  method: 'mu' | 'pca';
  /** Share of μ's variance the two axes show (1 for latent 2). */
  explained: number;
}

/**
 * 2-D coordinates of digits in latent space: μ itself when K = 2, else μ projected on
 * its top two principal components, c = (μ − mean) [u₁ u₂].
 */
export async function latentMap(vae: Vae, x: tf.Tensor2D): Promise<LatentMap> {
  return latentMapFromMeans(await posteriorMeans(vae, x), x.shape[0], vae.latent);
}

/** The same map from μ already read back ([n × k] row-major). */
export async function latentMapFromMeans(mu: Float32Array, n: number, k: number): Promise<LatentMap> {
  const coords = new Float32Array(n * 2);
  if (k === 2) {
    coords.set(mu);
    return { coords, method: 'mu', explained: 1 };
  }
  const pca = await fitPca(mu, n, k);
  for (let b = 0; b < n; b++) {
    for (let axis = 0; axis < 2; axis++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += (mu[b * k + j] - pca.mean[j]) * pca.components[axis * k + j];
      coords[b * 2 + axis] = dot;
    }
  }
  const total = pca.eigenvalues.reduce((s, v) => s + v, 0);
  return { coords, method: 'pca', explained: total > 0 ? (pca.eigenvalues[0] + pca.eigenvalues[1]) / total : 0 };
}

/** Fixed settings of the panels' read-outs. */
export const PRIOR_SAMPLE_COUNT = 16;
/** The prior samples reuse one z each time, so they change only as the decoder learns. */
export const PRIOR_SAMPLE_SEED = 2014;
export const MANIFOLD_SIZE = 12;
export const DEFAULT_INTERPOLATION_STEPS = 10;
const MAX_INTERPOLATION_STEPS = 32;

/** KL_j and μ of a batch from one encoder pass, read back: [K] and [B × K]. */
export async function probeReadout(vae: Vae, x: tf.Tensor2D): Promise<{ klPerDim: Float32Array; mu: Float32Array }> {
  const t = tf.tidy(() => {
    const { mu, logVar } = vae.posterior(x);
    return { kl: klPerDimTensor(mu, logVar), mu };
  });
  const [klPerDim, mu] = await Promise.all([readFloats(t.kl), readFloats(t.mu)]);
  return { klPerDim, mu };
}

/**
 * Everything the VAE's panels draw, on the fixed probe batch (numbers also become
 * "diag/<name>" history): klPerDimension [K]; klTotal = Σ_j KL_j; activeDims; collapsed
 * (1 when every KL_j < COLLAPSE_THRESHOLD); latentMap [n × 2] with latentMapExplained;
 * priorSamples [16 × D]; and for K = 2 the manifold [g² × D] with its quantiles.
 * One encoder pass and one small decoder pass per call: cheap enough for every snapshot.
 */
export interface VaeDiagnostics {
  klPerDimension: Float32Array;
  klTotal: number;
  activeDims: number;
  /** 1 when every KL_j is below the collapse threshold. */
  collapsed: number;
  /** n × 2 coordinates of the probe digits (μ for K = 2, else their top two principal components). */
  latentMap: Float32Array;
  latentMapExplained: number;
  priorSamples: Float32Array;
  /** K = 2 only: the decoded g × g grid and its normal quantiles. */
  manifold?: Float32Array;
  manifoldQuantiles?: Float32Array;
}

export async function vaeDiagnostics(vae: Vae, probe: tf.Tensor2D): Promise<VaeDiagnostics> {
  const n = probe.shape[0];
  const k = vae.latent;
  const { klPerDim, mu } = await probeReadout(vae, probe);
  const map = await latentMapFromMeans(mu, n, k);
  const out: VaeDiagnostics = {
    klPerDimension: klPerDim,
    klTotal: klPerDim.reduce((s, v) => s + v, 0),
    activeDims: activeDimensions(klPerDim),
    collapsed: isPosteriorCollapsed(klPerDim) ? 1 : 0,
    latentMap: map.coords,
    latentMapExplained: map.explained,
    priorSamples: await samplePrior(vae, PRIOR_SAMPLE_COUNT, PRIOR_SAMPLE_SEED),
  };
  if (k === 2) {
    const grid = await manifoldGrid(vae, MANIFOLD_SIZE);
    out.manifold = grid.images;
    out.manifoldQuantiles = Float32Array.from(grid.quantiles);
  }
  return out;
}

/** What 'interpolate' returns: `steps` decoded images from probe digit `from` to `to`. */
export interface InterpolationResult {
  from: number;
  to: number;
  steps: number;
  images: Float32Array;
}

const isIndex = (v: unknown, n: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;

/**
 * Panel requests. 'interpolate' {from, to, steps?}: decode the line between the posterior
 * means of two probe digits (by index). 'decode' {z}: decode one latent point (a click on
 * the latent map). Bad arguments throw a message that names them.
 */
export async function vaeQuery(vae: Vae, name: QueryName, args: unknown, probe: tf.Tensor2D): Promise<QueryResult<QueryName>> {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const n = probe.shape[0];
  const k = vae.latent;
  if (name === 'interpolate') {
    if (!isIndex(a.from, n) || !isIndex(a.to, n)) {
      throw new Error(`interpolate needs two digit indices from 0 to ${n - 1}; got from=${String(a.from)}, to=${String(a.to)}.`);
    }
    const steps = a.steps ?? DEFAULT_INTERPOLATION_STEPS;
    if (!Number.isInteger(steps) || (steps as number) < 2 || (steps as number) > MAX_INTERPOLATION_STEPS) {
      throw new Error(`interpolate needs a whole number of steps from 2 to ${MAX_INTERPOLATION_STEPS}; got ${String(steps)}.`);
    }
    const ends = await readFloats(tf.tidy(() => vae.encode(tf.gather(probe, tf.tensor1d([a.from as number, a.to as number], 'int32')))));
    const images = await interpolate(vae, ends.subarray(0, k), ends.subarray(k), steps as number);
    const result: InterpolationResult = { from: a.from, to: a.to, steps: steps as number, images };
    return result;
  }
  if (name === 'decode') {
    const z = a.z;
    if (!Array.isArray(z) || z.length !== k || !z.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error(`decode needs z: an array of ${k} finite numbers.`);
    }
    return readFloats(tf.tidy(() => vae.decode(tf.tensor2d(z as number[], [1, k]))));
  }
  throw new Error(`The VAE answers the queries "interpolate" and "decode"; "${name}" is unknown.`);
}
