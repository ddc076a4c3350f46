import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVae, type Vae } from '../../src/models/vae';
import {
  activeDimensions,
  interpolate,
  isPosteriorCollapsed,
  klPerDimension,
  latentMap,
  manifoldGrid,
  normalQuantile,
  posteriorMeans,
  samplePrior,
} from '../../src/models/vae-diagnostics';
import { useTestBackend } from './tf-setup';

const D = 10;
const vae = (latent: number): Vae =>
  createVae({ inputDim: D, latent, hidden: [8], activation: 'tanh', likelihood: 'bernoulli', betaSchedule: { kind: 'constant', beta: 1 }, seed: 9 });
const batch = (n: number) =>
  tf.tensor2d(
    Array.from({ length: n * D }, (_, i) => ((i * 13) % 17) / 16),
    [n, D],
  );

async function decodeRows(m: Vae, z: number[][]): Promise<Float32Array> {
  const t = tf.tidy(() => m.decode(tf.tensor2d(z)));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('VAE diagnostics', () => {
  beforeAll(useTestBackend);

  it('normal quantiles match known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 7);
    expect(normalQuantile(0.8413447461)).toBeCloseTo(1, 7);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 6);
    expect(() => normalQuantile(1)).toThrow(/p in \(0, 1\)/);
  });

  it('per-dimension KL, active dims and the collapse check', async () => {
    const m = vae(3);
    const x = batch(6);
    const perDim = await klPerDimension(m, x);
    const expected = tf.tidy(() => {
      const { mu, logVar } = m.posterior(x);
      // ½ mean_b(μ² + σ² − log σ² − 1), computed separately here
      return tf.mul(tf.mean(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), logVar), 1), 0), 0.5);
    });
    const e = await expected.data();
    expect(perDim.length).toBe(3);
    perDim.forEach((v, j) => expect(v).toBeCloseTo(e[j], 6));
    expect(activeDimensions([0.5, 0.001, 0.02])).toBe(2);
    expect(isPosteriorCollapsed([0.005, 0.009, 0.0])).toBe(true);
    expect(isPosteriorCollapsed([0.005, 0.011])).toBe(false);
    expect(isPosteriorCollapsed([0.05, 0.05], 0.1)).toBe(true);
    tf.dispose([x, expected]);
    m.dispose();
  });

  it('prior samples are seeded, in (0, 1), n × D', async () => {
    const m = vae(4);
    const a = await samplePrior(m, 5, 42);
    const b = await samplePrior(m, 5, 42);
    const c = await samplePrior(m, 5, 43);
    expect(a.length).toBe(5 * D);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Math.min(...a)).toBeGreaterThan(0);
    expect(Math.max(...a)).toBeLessThan(1);
    m.dispose();
  });

  it('manifold grid: z at Gaussian quantiles, z₁ across, z₂ down from high to low', async () => {
    const m = vae(2);
    const { images, quantiles } = await manifoldGrid(m, 5);
    expect(images.length).toBe(25 * D);
    expect(quantiles[2]).toBeCloseTo(0, 9);
    expect(quantiles[0]).toBeCloseTo(normalQuantile(0.1), 9);
    expect(quantiles[4]).toBeCloseTo(-quantiles[0], 9);
    // Tile (row 0, col 4) is z = (q₄, q₄); tile (4, 0) is (q₀, q₀); the centre is z = 0.
    const expected = await decodeRows(m, [
      [quantiles[4], quantiles[4]],
      [quantiles[0], quantiles[0]],
      [0, 0],
    ]);
    const tile = (r: number, c: number) => Array.from(images.subarray((r * 5 + c) * D, (r * 5 + c + 1) * D));
    [tile(0, 4), tile(4, 0), tile(2, 2)].forEach((t, i) => t.forEach((v, p) => expect(v).toBeCloseTo(expected[i * D + p], 5)));
    m.dispose();
  });

  it('interpolation starts at decode(z_a), ends at decode(z_b), passes the midpoint', async () => {
    const m = vae(3);
    const zA = [1, -2, 0.5];
    const zB = [-1, 0, 2.5];
    const path = await interpolate(m, zA, zB, 5);
    const ends = await decodeRows(m, [zA, [0, -1, 1.5], zB]);
    expect(path.length).toBe(5 * D);
    for (let p = 0; p < D; p++) {
      expect(path[p]).toBeCloseTo(ends[p], 5);
      expect(path[2 * D + p]).toBeCloseTo(ends[D + p], 5);
      expect(path[4 * D + p]).toBeCloseTo(ends[2 * D + p], 5);
    }
    await expect(interpolate(m, [0, 0], zB, 5)).rejects.toThrow(/need 3 latent values/);
    m.dispose();
  });

  it('latent map: μ itself for K = 2, the top-2 PCA projection of μ for K > 2', async () => {
    const x = batch(40);
    const two = vae(2);
    const map2 = await latentMap(two, x);
    expect(map2.method).toBe('mu');
    expect(Array.from(map2.coords)).toEqual(Array.from(await posteriorMeans(two, x)));
    const six = vae(6);
    const map6 = await latentMap(six, x);
    expect(map6.method).toBe('pca');
    expect(map6.coords.length).toBe(80);
    expect(map6.explained).toBeGreaterThan(0);
    expect(map6.explained).toBeLessThanOrEqual(1 + 1e-6);
    // PCA coordinates are centred, the first axis has the larger variance, and the
    // two axes together hold `explained` of μ's total variance.
    const mu = await posteriorMeans(six, x);
    const col = (a: Float32Array, k: number, j: number) => Array.from({ length: 40 }, (_, b) => a[b * k + j]);
    const variance = (v: number[]) => {
      const m = v.reduce((s, t) => s + t, 0) / v.length;
      return v.reduce((s, t) => s + (t - m) ** 2, 0) / v.length;
    };
    const v0 = variance(col(map6.coords, 2, 0));
    const v1 = variance(col(map6.coords, 2, 1));
    const totalVar = [0, 1, 2, 3, 4, 5].reduce((s, j) => s + variance(col(mu, 6, j)), 0);
    expect(Math.abs(col(map6.coords, 2, 0).reduce((s, t) => s + t, 0) / 40)).toBeLessThan(1e-4);
    expect(v0).toBeGreaterThanOrEqual(v1);
    expect((v0 + v1) / totalVar).toBeCloseTo(map6.explained, 3);
    tf.dispose(x);
    two.dispose();
    six.dispose();
  });
});
