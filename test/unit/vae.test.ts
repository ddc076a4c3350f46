import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer, uploadData } from '../../src/engine/trainer';
import { meanImageCrossEntropy, meanImageSquaredError } from '../../src/math/mean-image-baseline';
import { createVae, type VaeOptions } from '../../src/models/vae';
import { interpolate, isPosteriorCollapsed, klPerDimension, latentMap, manifoldGrid, samplePrior } from '../../src/models/vae-diagnostics';
import { bernoulliNll, gaussianConstant } from '../../src/models/vae-likelihood';
import { useTestBackend } from './tf-setup';
import { mnistTrainRows } from './vae-mnist';

const D = 784;
const N_TRAIN = 2000;
const N_TEST = 500;
let train: Float32Array;
let test: Float32Array;

async function read(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/** Reads (and disposes) every term; `divide` turns Trainer sums into per-step means. */
async function readAll(terms: Record<string, tf.Scalar>, divide = 1): Promise<Record<string, number>> {
  const row: Record<string, number> = {};
  for (const [k, t] of Object.entries(terms)) row[k] = (await read(t)) / divide;
  return row;
}

const options = (o: Partial<VaeOptions>): VaeOptions => ({
  inputDim: D,
  latent: 8,
  hidden: [64],
  activation: 'relu',
  likelihood: 'bernoulli',
  betaSchedule: { kind: 'constant', beta: 1 },
  seed: 3,
  ...o,
});

function mnistTrainer(o: Partial<VaeOptions>) {
  const model = createVae(options(o));
  const device = uploadData(train, N_TRAIN, test, N_TEST, D);
  const trainer = new Trainer(model, device, { learningRate: 0.003, batchSize: 64, optimizer: 'adam' }, 1);
  const dispose = () => {
    trainer.dispose();
    tf.dispose([device.train, device.test]);
  };
  return { model, device, trainer, dispose };
}

describe('VAE on MNIST (first 2,000 training digits; the next 500 held out)', () => {
  beforeAll(async () => {
    await useTestBackend();
    const rows = mnistTrainRows(0, N_TRAIN + N_TEST);
    train = rows.subarray(0, N_TRAIN * D);
    test = rows.subarray(N_TRAIN * D);
  });

  it('mean-image baseline: hand-checked on 2 pixels, and its MNIST value', () => {
    // Train mean m = (0.5, 1 → clipped to 1 − 1e-6); test x = (1, 1):
    const ce = meanImageCrossEntropy(new Float32Array([0, 1, 1, 1]), 2, new Float32Array([1, 1]), 1, 2);
    expect(ce).toBeCloseTo(Math.log(2) - Math.log(1 - 1e-6), 9);
    expect(meanImageSquaredError(new Float32Array([0, 1, 1, 1]), 2, new Float32Array([1, 0]), 1, 2)).toBeCloseTo(0.25 + 1, 9);
    const mnist = meanImageCrossEntropy(train, N_TRAIN, test, N_TEST, D);
    console.log(`mean-image baseline: ${mnist.toFixed(2)} nats/image (cross-entropy), ${meanImageSquaredError(train, N_TRAIN, test, N_TEST, D).toFixed(2)} (squared error)`);
    expect(mnist).toBeGreaterThan(150);
    expect(mnist).toBeLessThan(260);
  });

  it('test −ELBO falls well below the mean-image baseline (latent 8, 400 steps)', async () => {
    const baseline = meanImageCrossEntropy(train, N_TRAIN, test, N_TEST, D);
    const t0 = performance.now();
    const { model, device, trainer, dispose } = mnistTrainer({ betaSchedule: { kind: 'linear', betaMax: 1, warmupSteps: 100 } });
    const before = await readAll(trainer.evaluate());
    const last = await readAll(trainer.trainSteps(400), 400);
    const after = await readAll(trainer.evaluate());
    const seconds = (performance.now() - t0) / 1000;
    // reconstruct(x) = sigmoid(decoder(μ)) must look like x: squared error below the mean image's.
    const sse = await read(tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(model.reconstruct(device.test), device.test)), 1)) as tf.Scalar));
    const meanSse = meanImageSquaredError(train, N_TRAIN, test, N_TEST, D);
    console.log(`reconstruct(): squared error ${sse.toFixed(2)} per image vs mean image ${meanSse.toFixed(2)}`);
    expect(sse).toBeLessThan(0.7 * meanSse);
    console.log(
      `baseline ${baseline.toFixed(2)}; test −ELBO ${before.elbo.toFixed(2)} → ${after.elbo.toFixed(2)} ` +
        `(reconstruction ${after.reconstruction.toFixed(2)} + KL ${after.kl.toFixed(2)}); ` +
        `train mean over 400 steps: loss ${last.total.toFixed(2)}, −ELBO ${last.elbo.toFixed(2)}, β ${last.beta.toFixed(4)}; ${seconds.toFixed(1)} s`,
    );
    expect(after.total).toBe(after.elbo); // evalLoss total is −ELBO (β = 1)
    expect(after.elbo).toBeCloseTo(after.reconstruction + after.kl, 3);
    expect(after.elbo).toBeLessThan(0.8 * baseline);
    expect(after.kl).toBeGreaterThan(2); // the latent carries information
    // Mean β over steps 0..399 of a 100-step warm-up: (Σ_{t<100} t/100 + 300)/400.
    expect(last.beta).toBeCloseTo((49.5 + 300) / 400, 5);
    dispose();
  });

  it('β = 0 is a plain autoencoder: loss = reconstruction, and reconstruction falls', async () => {
    const t0 = performance.now();
    const { model, trainer, dispose } = mnistTrainer({ hidden: [32], betaSchedule: { kind: 'constant', beta: 0 } });
    const x = tf.tensor2d(train.subarray(0, 64 * D), [64, D]);
    const l = model.loss(x, 0);
    expect(await read(l.total)).toBe(await read(l.terms.reconstruction));
    tf.dispose([x, ...Object.values(l.terms)]);
    const first = await readAll(trainer.trainSteps(20), 20);
    await readAll(trainer.trainSteps(100));
    const last = await readAll(trainer.trainSteps(20), 20);
    console.log(
      `β = 0: reconstruction ${first.reconstruction.toFixed(1)} → ${last.reconstruction.toFixed(1)}, ` +
        `KL (unpenalised) ${first.kl.toFixed(1)} → ${last.kl.toFixed(1)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(first.total).toBe(first.reconstruction);
    expect(last.total).toBe(last.reconstruction);
    expect(last.reconstruction).toBeLessThan(0.6 * first.reconstruction);
    expect(last.kl).toBeGreaterThan(first.kl); // nothing holds q(z|x) near the prior
    dispose();
  });

  it('β = 50 collapses the posterior: KL → 0 and the decoder outputs the mean image', async () => {
    const baseline = meanImageCrossEntropy(train, N_TRAIN, test, N_TEST, D);
    const t0 = performance.now();
    const { model, device, trainer, dispose } = mnistTrainer({ hidden: [32], betaSchedule: { kind: 'constant', beta: 50 } });
    await readAll(trainer.trainSteps(300));
    const after = await readAll(trainer.evaluate());
    const perDim = await klPerDimension(model, device.test);
    console.log(
      `β = 50 after 300 steps: test KL ${after.kl.toExponential(2)} nats, max per-dim KL ${Math.max(...perDim).toExponential(2)}, ` +
        `reconstruction ${after.reconstruction.toFixed(2)} vs baseline ${baseline.toFixed(2)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(after.kl).toBeLessThan(0.1);
    expect(isPosteriorCollapsed(perDim, 0.01)).toBe(true);
    expect(after.reconstruction).toBeGreaterThan(0.97 * baseline);
    expect(after.reconstruction).toBeLessThan(1.05 * baseline);
    dispose();
  });
});

describe('VAE model', () => {
  beforeAll(useTestBackend);
  const small = (o: Partial<VaeOptions> = {}) => createVae(options({ inputDim: 12, latent: 3, hidden: [6, 5], ...o }));
  const batch = () =>
    tf.tensor2d(
      Array.from({ length: 4 * 12 }, (_, i) => ((i * 7) % 11) / 10),
      [4, 12],
    );

  it('names its variables stably and mirrors the decoder', () => {
    const m = small();
    const shapes = Object.fromEntries(Object.entries(m.variables()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      'encoder/layer0/kernel': [12, 6],
      'encoder/layer0/bias': [6],
      'encoder/layer1/kernel': [6, 5],
      'encoder/layer1/bias': [5],
      'encoder/mu/kernel': [5, 3],
      'encoder/mu/bias': [3],
      'encoder/logvar/kernel': [5, 3],
      'encoder/logvar/bias': [3],
      'decoder/layer0/kernel': [3, 5],
      'decoder/layer0/bias': [5],
      'decoder/layer1/kernel': [5, 6],
      'decoder/layer1/bias': [6],
      'decoder/out/kernel': [6, 12],
      'decoder/out/bias': [12],
    });
    const rows = m.weightRows();
    expect(rows.shape).toEqual([6, 12]);
    rows.dispose();
    expect(m.family).toBe('vae');
    m.dispose();
  });

  it('draws ε from (seed, step): reproducible, different per step; evalLoss is deterministic', async () => {
    const a = small();
    const b = small();
    const x = batch();
    const at = async (m: ReturnType<typeof small>, step: number) => {
      const l = m.loss(x, step);
      tf.dispose(Object.values(l.terms));
      return read(l.total);
    };
    expect(await at(a, 7)).toBe(await at(b, 7));
    expect(await at(a, 7)).not.toBe(await at(a, 8));
    const e1 = a.evalLoss(x);
    const e2 = a.evalLoss(x);
    expect(await read(e1.total)).toBe(await read(e2.total));
    tf.dispose([x, ...Object.values(e1.terms), ...Object.values(e2.terms)]);
    a.dispose();
    b.dispose();
  });

  it('setLive: β and free bits change the loss without a rebuild; bad values change nothing', async () => {
    const m = small({ betaSchedule: { kind: 'constant', beta: 1 } });
    const x = batch();
    const terms = async () =>
      readAll(
        tf.tidy(() => {
          const l = m.loss(x, 3);
          return { total: l.total, ...l.terms };
        }),
      );
    const one = await terms();
    m.setLive!({ betaSchedule: { kind: 'constant', beta: 3 } });
    const three = await terms();
    expect(three.beta).toBe(3);
    expect(three.total).toBeCloseTo(one.reconstruction + 3 * one.kl, 3);
    // λ = 10 nats exceeds every KL_j of a fresh model: the KL in the loss is K·λ = 30.
    m.setLive!({ freeBits: 10 });
    const free = await terms();
    expect(free.kl).toBeCloseTo(one.kl, 5); // the reported KL stays the true KL
    expect(free.total).toBeCloseTo(one.reconstruction + 3 * 30, 3);
    expect(() => m.setLive!({ freeBits: -1, betaSchedule: { kind: 'constant', beta: 9 } })).toThrow(/freeBits must be a number ≥ 0/);
    expect(() => m.setLive!({ betaSchedule: { kind: 'linear', betaMax: -1, warmupSteps: 5 } })).toThrow(/betaMax must be a number ≥ 0/);
    expect(m.liveParams()).toEqual({ betaSchedule: { kind: 'constant', beta: 3 }, freeBits: 10, outputSigma: 0.1 });
    x.dispose();
    m.dispose();
  });

  it('bernoulli likelihood equals −Σ[x log σ(l) + (1−x) log(1−σ(l))] and stays finite for huge logits', async () => {
    const logits = [
      [-3, 0, 2.5],
      [1, -0.5, 4],
    ];
    const xs = [
      [0, 0.3, 1],
      [1, 0.5, 0],
    ];
    const sig = (l: number) => 1 / (1 + Math.exp(-l));
    const direct = logits.map((row, b) => row.reduce((s, l, i) => s - (xs[b][i] * Math.log(sig(l)) + (1 - xs[b][i]) * Math.log(1 - sig(l))), 0));
    const got = await read(tf.tidy(() => bernoulliNll(tf.tensor2d(logits), tf.tensor2d(xs))));
    expect(got).toBeCloseTo((direct[0] + direct[1]) / 2, 5);
    // l = ±200: σ(l) rounds to 0 or 1 in float32; the stable form gives the exact |l| or 0.
    const huge = await read(tf.tidy(() => bernoulliNll(tf.tensor2d([[200, -200, 200]]), tf.tensor2d([[0, 0, 1]]))));
    expect(huge).toBeCloseTo(200, 3);
  });

  it('gaussian likelihood: ‖x − x̂‖²/(2σ²) + (D/2)log(2πσ²), consistent across σ', async () => {
    const m = small({ likelihood: 'gaussian', outputSigma: 0.1 });
    const x = batch();
    const rec = async () => readAll(tf.tidy(() => ({ r: m.evalLoss(x).terms.reconstruction })));
    const r1 = (await rec()).r;
    m.setLive!({ outputSigma: 0.5 });
    const r2 = (await rec()).r;
    // Same ε (fixed eval seed): recover the mean squared error from σ = 0.1, predict σ = 0.5.
    const sse = 2 * 0.01 * (r1 - gaussianConstant(12, 0.1));
    expect(sse).toBeGreaterThan(0);
    expect(r2).toBeCloseTo(sse / (2 * 0.25) + gaussianConstant(12, 0.5), 3);
    expect(gaussianConstant(784, 0.1)).toBeCloseTo(392 * Math.log(2 * Math.PI * 0.01), 9);
    x.dispose();
    m.dispose();
  });

  it('creating and disposing a model leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    small().dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects invalid options with clear errors', () => {
    expect(() => small({ latent: 0 })).toThrow(/latent size must be a whole number from 2 to 64; got 0/);
    expect(() => small({ latent: 65 })).toThrow(/from 2 to 64; got 65/);
    expect(() => small({ latent: 2.5 })).toThrow(/latent size/);
    expect(() => small({ betaSchedule: { kind: 'linear', betaMax: -1, warmupSteps: 10 } })).toThrow(/betaMax must be a number ≥ 0/);
    expect(() => small({ freeBits: -0.5 })).toThrow(/freeBits must be a number ≥ 0/);
    expect(() => small({ hidden: [0] })).toThrow(/Hidden layer sizes/);
    expect(() => small({ activation: 'sigmoid' as never })).toThrow(/activation must be "relu" or "tanh"/);
    expect(() => small({ outputSigma: 0 })).toThrow(/outputSigma must be a number > 0/);
  });

  it('holds tf.memory().numTensors flat over 500 steps, evaluations, setLive and diagnostics', async () => {
    const n = 200;
    const data = new Float32Array(n * 12).map((_, i) => ((i * 37) % 101) / 100);
    const device = uploadData(data, n, data, n, 12);
    const model = small({ freeBits: 0.1, betaSchedule: { kind: 'cyclical', betaMax: 1, totalSteps: 400, cycles: 2 } });
    const trainer = new Trainer(model, device, { learningRate: 0.01, batchSize: 32, optimizer: 'adam' }, 1);
    tf.dispose(Object.values(trainer.trainSteps(5))); // creates Adam's slots once
    trainer.saveCheckpoint();
    const before = tf.memory().numTensors;
    for (let chunk = 0; chunk < 50; chunk++) {
      const sums = trainer.trainSteps(10);
      await sums.total.data();
      tf.dispose(Object.values(sums));
      trainer.saveCheckpoint();
      tf.dispose(Object.values(trainer.evaluate()));
      if (chunk === 25) model.setLive!({ betaSchedule: { kind: 'logistic', betaMax: 2, k: 0.05, x0: 300 }, freeBits: 0 });
      if (chunk % 10 === 0) {
        await klPerDimension(model, device.test);
        await samplePrior(model, 4, 1);
        await manifoldGrid(model, 3);
        await interpolate(model, [0, 0, 0], [1, 1, 1], 3);
        await latentMap(model, device.test);
        tf.dispose(tf.tidy(() => model.reconstruct(device.test)));
        tf.dispose(model.weightRows());
      }
    }
    expect(trainer.step).toBe(505);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    tf.dispose([device.train, device.test]);
  });
});
