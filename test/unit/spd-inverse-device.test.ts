import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitEase } from '../../src/math/ease';
import { fitEaseOnDevice } from '../../src/math/ease-device';
import type { Csr } from '../../src/math/csr';
import { createRng } from '../../src/math/rng';
import { invertSpdOnDevice } from '../../src/math/spd-inverse-device';
import { csrFromRows } from './oracles/csr';
import { useTestBackend } from './tf-setup';

/** A random SPD matrix M Mᵀ/n + λI (its eigenvalues are at least λ). */
function randomSpd(n: number, lambda: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const m = Array.from({ length: n * n }, () => rng() * 2 - 1);
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = a[j * n + i] = s / n + (i === j ? lambda : 0);
    }
  }
  return a;
}

/** Random clicks: each user clicks 8 items of one of two halves of the catalogue. */
function randomClicks(users: number, items: number, seed: number): Csr {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let u = 0; u < users; u++) {
    const row = new Set<number>();
    while (row.size < 8) row.add((u % 2) * (items / 2) + Math.floor(rng() * (items / 2)));
    rows.push([...row].sort((a, b) => a - b));
  }
  return csrFromRows(rows, items);
}

describe('SPD inverse on the device (block Schur recursion)', () => {
  beforeAll(useTestBackend);

  it('gives A A⁻¹ = I through three levels of recursion, and leaks no tensors', async () => {
    const n = 300;
    const a = tf.tensor2d(randomSpd(n, 0.5, 7), [n, n]);
    const before = tf.memory().numTensors;
    const fractions: number[] = [];
    const inv = await invertSpdOnDevice(a, (f) => fractions.push(f), 40); // leaves of ≤ 40: 8 leaves, 3 levels
    expect(tf.memory().numTensors).toBe(before + 1);
    const residual = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.matMul(a, inv), tf.eye(n)))).dataSync()[0]);
    console.log(`300×300 SPD, leaves of 40: max |A A⁻¹ − I| = ${residual.toExponential(2)}`);
    expect(residual).toBeLessThan(1e-4);
    expect(fractions).toHaveLength(8);
    expect(fractions.at(-1)).toBe(1);
    // Symmetric, as the inverse of a symmetric matrix must be.
    const asym = tf.tidy(() => tf.max(tf.abs(tf.sub(inv, tf.transpose(inv)))).dataSync()[0]);
    expect(asym).toBeLessThan(1e-5);
    tf.dispose([a, inv]);
  });

  it('stops when the progress callback throws (cancel), leaving no tensors behind', async () => {
    const n = 200;
    const a = tf.tensor2d(randomSpd(n, 1, 3), [n, n]);
    const before = tf.memory().numTensors;
    let calls = 0;
    await expect(
      invertSpdOnDevice(
        a,
        () => {
          if (++calls === 2) throw new Error('cancelled');
        },
        30,
      ),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });

  it('fits the same EASE weights as the float64 CPU sweep', async () => {
    const x = randomClicks(400, 600, 11);
    const cpu = fitEase(x, 50).weights;
    const before = tf.memory().numTensors;
    const device = await fitEaseOnDevice(x, 50);
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < cpu.length; i++) {
      worst = Math.max(worst, Math.abs(cpu[i] - device[i]));
      scale = Math.max(scale, Math.abs(cpu[i]));
    }
    console.log(`EASE 600 items: max |B_device − B_cpu| = ${worst.toExponential(2)} (max |B| = ${scale.toFixed(3)})`);
    expect(worst).toBeLessThan(1e-4 * scale);
    for (let i = 0; i < 600; i++) expect(device[i * 600 + i]).toBe(0);
  });
});
