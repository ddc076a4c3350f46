import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { freeBitsKl, klElementwise, klPerDimension, klPerExample, klTotal } from '../../src/math/kl';
import { createRng } from '../../src/math/rng';
import { klGaussianScalar } from './oracles/kl';
import { useTestBackend } from './tf-setup';

async function floats(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

/**
 * Monte Carlo KL = E_q[log q(z) − log p(z)], z = μ + σε: log q − log p = −log σ − ε²/2 + z²/2.
 * Its per-sample variance is ½(σ² − 1)² + μ²σ², which sets the standard error.
 */
function monteCarloKl(mu: number, sigma: number, n: number, seed: number): { mean: number; se: number } {
  const rng = createRng(seed);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const eps = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const z = mu + sigma * eps;
    const v = -Math.log(sigma) - 0.5 * eps * eps + 0.5 * z * z;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt((sumSq / n - mean * mean) / n) };
}

describe('KL(N(μ, σ²) ‖ N(0, 1))', () => {
  beforeAll(useTestBackend);

  const pairs: [number, number][] = [
    [0.5, 1],
    [1.5, 0.5],
    [-2, 2],
    [0.3, 0.1],
    [0, 3],
  ];

  it('matches a 200k-sample Monte Carlo estimate within 4 standard errors', async () => {
    const mu = tf.tensor2d(
      pairs.map((p) => p[0]),
      [1, pairs.length],
    );
    const logVar = tf.tensor2d(
      pairs.map((p) => Math.log(p[1] * p[1])),
      [1, pairs.length],
    );
    const closed = await floats(klElementwise(mu, logVar));
    const rows: string[] = [];
    pairs.forEach(([m, s], j) => {
      const mc = monteCarloKl(m, s, 200_000, 17 + j);
      const theory = Math.sqrt((0.5 * (s * s - 1) ** 2 + m * m * s * s) / 200_000);
      rows.push(`μ=${m} σ=${s}: closed ${closed[j].toFixed(5)} MC ${mc.mean.toFixed(5)} ± ${mc.se.toFixed(5)} (|Δ|/se = ${(Math.abs(closed[j] - mc.mean) / mc.se).toFixed(2)})`);
      expect(mc.se).toBeCloseTo(theory, 3);
      expect(Math.abs(closed[j] - mc.mean)).toBeLessThan(4 * mc.se);
      expect(closed[j]).toBeCloseTo(klGaussianScalar(m, s), 4);
    });
    console.log(rows.join('\n'));
    tf.dispose([mu, logVar]);
  });

  it('reduces per dimension (batch mean), per example and in total', async () => {
    // Two examples × three dims with hand-checked KLs.
    const mu = tf.tensor2d([
      [0, 1, 2],
      [0, -1, 0],
    ]);
    const logVar = tf.tensor2d([
      [0, 0, Math.log(4)],
      [Math.log(0.25), 0, 0],
    ]);
    const kl = (m: number, v: number) => 0.5 * (m * m + v - Math.log(v) - 1);
    const e = [
      [0, kl(1, 1), kl(2, 4)],
      [kl(0, 0.25), kl(-1, 1), 0],
    ];
    const perDim = await floats(klPerDimension(mu, logVar));
    const perEx = await floats(klPerExample(mu, logVar));
    const total = await floats(klTotal(mu, logVar));
    [0, 1, 2].forEach((j) => expect(perDim[j]).toBeCloseTo((e[0][j] + e[1][j]) / 2, 5));
    [0, 1].forEach((b) => expect(perEx[b]).toBeCloseTo(e[b][0] + e[b][1] + e[b][2], 5));
    expect(total[0]).toBeCloseTo((perEx[0] + perEx[1]) / 2, 5);
    tf.dispose([mu, logVar]);
  });

  it('free bits: Σ_j max(λ, KL_j), with no gradient for dims under λ', async () => {
    const mu = tf.tensor2d([
      [0.1, 2],
      [0.1, 2],
    ]); // KL_0 = 0.005, KL_1 = 2
    const logVar = tf.zeros([2, 2]) as tf.Tensor2D;
    const fb = await floats(freeBitsKl(mu, logVar, 0.5));
    expect(fb[0]).toBeCloseTo(0.5 + 2, 5);
    expect((await floats(freeBitsKl(mu, logVar, 0)))[0]).toBeCloseTo(0.005 + 2, 5);
    const grad = tf.grad((m: tf.Tensor) => freeBitsKl(m as tf.Tensor2D, logVar, 0.5))(mu);
    const g = await floats(grad);
    expect(g[0]).toBe(0); // dim 0 is below λ: free
    expect(g[1]).toBeCloseTo(2 / 2, 5); // ∂/∂μ of mean_b ½μ² = μ/B
    expect(() => freeBitsKl(mu, logVar, -0.1)).toThrow(/free bits λ must be a number ≥ 0/);
    tf.dispose([mu, logVar]);
  });
});
