import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdxArray } from '../../src/data/idx';
import { splitPool } from '../../src/data/image-dataset';
import { fitPcaOfSplit } from '../../src/engine/own-images-pca';
import { fitPca, pcaReconstructionError, pcaTrainError, totalVariance } from '../../src/math/pca';
import { subspaceSimilarity } from '../../src/math/subspace';
import { gaussianWithSpectrum } from './synthetic';
import { useTestBackend } from './tf-setup';

const lambdas = [9, 5, 3, 1.5, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01];

describe('PCA', () => {
  beforeAll(useTestBackend);

  it('recovers a known spectrum and its eigenvectors', async () => {
    const { data, basis } = gaussianWithSpectrum(20000, lambdas, 7);
    const pca = await fitPca(data, 20000, 10);
    for (let i = 0; i < 4; i++) expect(pca.eigenvalues[i]).toBeCloseTo(lambdas[i], 0);
    expect(pca.eigenvalues[0] / lambdas[0]).toBeGreaterThan(0.95);
    expect(pca.eigenvalues[0] / lambdas[0]).toBeLessThan(1.05);
    // Descending order
    for (let i = 1; i < 10; i++) expect(pca.eigenvalues[i]).toBeLessThanOrEqual(pca.eigenvalues[i - 1]);
    // Top-3 subspace equals the true one.
    const truth = new Float32Array(basis.slice(0, 3).flat());
    expect(subspaceSimilarity(truth, pca.components.slice(0, 30), 3, 10)).toBeGreaterThan(0.999);
    // Components are unit vectors.
    const norm = Math.hypot(...pca.components.slice(0, 10));
    expect(norm).toBeCloseTo(1, 4);
  });

  it('train error of rank k is the sum of the discarded eigenvalues and matches projection', async () => {
    const { data } = gaussianWithSpectrum(5000, lambdas, 3);
    const pca = await fitPca(data, 5000, 10);
    const k = 3;
    const tail = pcaTrainError(pca, k);
    expect(tail).toBeCloseTo(
      pca.eigenvalues.slice(k).reduce((a, b) => a + b, 0),
      6,
    );
    const projected = await pcaReconstructionError(pca, k, data, 5000);
    expect(projected / tail).toBeGreaterThan(0.999);
    expect(projected / tail).toBeLessThan(1.001);
    expect(pcaTrainError(pca, 0)).toBeCloseTo(totalVariance(pca), 9);
    expect(pcaTrainError(pca, 10)).toBe(0);
  });
});

describe('PCA a block of rows at a time', () => {
  beforeAll(useTestBackend);

  it('Σ summed over blocks (5,000 rows: 2,048 + 2,048 + 904) is the covariance summed in float64, and leaves no tensor', async () => {
    const n = 5000;
    const d = 6;
    const { data } = gaussianWithSpectrum(n, [4, 2, 1, 0.5, 0.25, 0.1], 11);
    const before = tf.memory().numTensors;
    const pca = await fitPca(data, n, d);
    expect(tf.memory().numTensors).toBe(before);
    // The same in float64, directly: μ, then Σ = (1/n) Σ_i (x_i − μ)(x_i − μ)ᵀ, whose trace is Σ_i λ_i.
    const mu = Array.from({ length: d }, (_, j) => data.filter((_, i) => i % d === j).reduce((a, b) => a + b, 0) / n);
    pca.mean.forEach((m, j) => expect(m).toBeCloseTo(mu[j], 6));
    let trace = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) trace += (data[i * d + j] - mu[j]) ** 2;
    expect(totalVariance(pca) / (trace / n)).toBeCloseTo(1, 5);
  });

  it('from an image split still in bytes: the PCA of its floats, and the split stays bytes', async () => {
    const n = 3000;
    const side = 4;
    const pool: IdxArray = {
      dims: [n + 10, side, side],
      data: Uint8Array.from({ length: (n + 10) * side * side }, (_, i) => Math.round(127.5 + 127.5 * Math.sin(i * 0.37) * Math.cos(i * 0.011))),
    };
    const { train } = splitPool(pool, null, n, 10, 5);
    const fromBytes = await fitPcaOfSplit(train, side * side);
    expect(train.unconverted).toBeInstanceOf(Uint8Array);
    const fromFloats = await fitPca(train.images, n, side * side);
    expect(Array.from(fromBytes.eigenvalues)).toEqual(Array.from(fromFloats.eigenvalues));
    expect(Array.from(fromBytes.components)).toEqual(Array.from(fromFloats.components));
    expect(Array.from(fromBytes.mean)).toEqual(Array.from(fromFloats.mean));
  });
});

describe('subspace similarity', () => {
  it('is 1 for the same span, 0 for orthogonal spans, 0.5 for a 45° half', () => {
    const e = (i: number) => Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0));
    const basis = new Float32Array([...e(0), ...e(1)]);
    // Same span, mixed and scaled rows.
    expect(subspaceSimilarity(basis, new Float32Array([2, 3, 0, 0, -1, 4, 0, 0]), 2, 4)).toBeCloseTo(1, 6);
    expect(subspaceSimilarity(basis, new Float32Array([...e(2), ...e(3)]), 2, 4)).toBeCloseTo(0, 6);
    // One shared direction, one orthogonal: cos² = (1 + 0)/2.
    expect(subspaceSimilarity(basis, new Float32Array([...e(0), ...e(3)]), 2, 4)).toBeCloseTo(0.5, 6);
  });
});
