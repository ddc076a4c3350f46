import * as tf from '@tensorflow/tfjs';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import { DENOISE_ERROR_KEY, DENOISE_TEST_SEED, Trainer, uploadData, type DeviceData } from '../../src/engine/trainer';
import { corruptedReconstructionError } from '../../src/models/ae-diagnostics';
import { corrupt } from '../../src/models/corruption';
import { createDenseAe, type DenseAeOptions } from '../../src/models/dense-ae';
import { createLinearAe } from '../../src/models/linear-ae';
import { LossChart } from '../../src/panels/loss-chart';
import { defaultSettings } from '../../src/settings/schema';
import { useLab } from '../../src/state/store';
import { useTestBackend } from './tf-setup';

// "test/denoiseError": a dense AE's reconstruction loss of corrupted test inputs against the clean
// ones (Autoencoder.denoiseLoss), in the units of its test loss, on the same fixed corruption of
// the test split every time (Trainer.evaluate). Small random data: the numbers are checked against
// the formula computed by hand and against the squared-error oracle corruptedReconstructionError.

const D = 16;
const N = 40;
let data: DeviceData;

const base: DenseAeOptions = {
  family: 'autoencoder',
  inputDim: D,
  hidden: [],
  latent: 4,
  activation: 'sigmoid',
  tiedWeights: false,
  loss: 'cross-entropy',
  seed: 7,
  noiseKind: 'masking',
  noiseLevel: 0.5,
};

async function read(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

describe('the denoising error a dense AE reports', () => {
  beforeAll(async () => {
    await useTestBackend();
    // Pixels in [0, 1], a few exactly 0 so masking and clean differ only where a pixel was lit.
    const px = Float32Array.from({ length: 2 * N * D }, (_, i) => (i % 5 === 0 ? 0 : ((i * 7919) % 101) / 100));
    data = uploadData(px.subarray(0, N * D), N, px.subarray(N * D), N, D);
  });
  afterAll(() => tf.dispose([data.train, data.test]));

  it('is the cross-entropy of the reconstruction of x̃ against the clean x, per image', async () => {
    const m = createDenseAe(base);
    const x = data.test;
    const seed = 11;
    const got = await read(tf.tidy(() => m.denoiseLoss(x, seed)));
    // −(1/B) Σ_b Σ_i [x log x̂(x̃) + (1 − x) log(1 − x̂(x̃))], x̃ the same masked draw.
    const p = await tf.tidy(() => m.reconstruct(corrupt(x, 'masking', 0.5, seed))).array();
    const xs = await x.array();
    let byHand = 0;
    for (let b = 0; b < N; b++) for (let i = 0; i < D; i++) byHand -= xs[b][i] * Math.log(p[b][i]) + (1 - xs[b][i]) * Math.log(1 - p[b][i]);
    expect(got).toBeCloseTo(byHand / N, 3);
    // ν = 0: nothing is corrupted, so it is the clean reconstruction term exactly.
    m.setLive!({ noiseLevel: 0 });
    expect(await read(tf.tidy(() => m.denoiseLoss(x, seed)))).toBeCloseTo(await read(tf.tidy(() => m.evalLoss(x).terms.reconstruction)), 5);
    m.dispose();
  });

  it('with squared error it is the oracle corruptedReconstructionError (same draw, same units)', async () => {
    const m = createDenseAe({ ...base, family: 'denoising', loss: 'squared', noiseKind: 'salt-and-pepper', noiseLevel: 0.3 });
    const mine = await read(tf.tidy(() => m.denoiseLoss(data.test, 5)));
    const oracle = await read(corruptedReconstructionError(m, data.test, 'salt-and-pepper', 0.3, 5));
    expect(mine).toBeCloseTo(oracle, 5);
    // Another draw is another number: the seed is what fixes the corrupted digits.
    expect(await read(tf.tidy(() => m.denoiseLoss(data.test, 6)))).not.toBeCloseTo(mine, 5);
    m.dispose();
  });

  it('Trainer.evaluate adds it only when asked, on the fixed test draw, without leaking tensors', async () => {
    const m = createDenseAe({ ...base, family: 'denoising' });
    const trainer = new Trainer(m, data, { learningRate: 0.01, batchSize: 8, optimizer: 'adam' }, 1);
    tf.dispose(Object.values(trainer.trainSteps(3)));
    const before = tf.memory().numTensors;
    const plain = trainer.evaluate();
    expect(Object.keys(plain)).not.toContain(DENOISE_ERROR_KEY);
    tf.dispose(Object.values(plain));
    const a = trainer.evaluate(2000, true);
    const b = trainer.evaluate(2000, true);
    const [ea, eb] = [await read(a[DENOISE_ERROR_KEY]), await read(b[DENOISE_ERROR_KEY])];
    tf.dispose([...Object.values(a), ...Object.values(b)]);
    expect(ea).toBe(eb);
    expect(ea).toBeCloseTo(await read(tf.tidy(() => m.denoiseLoss(data.test, DENOISE_TEST_SEED))), 4);
    // Masking half the pixels costs more than the clean test loss.
    const clean = trainer.evaluate();
    expect(ea).toBeGreaterThan(await read(clean.total));
    tf.dispose(Object.values(clean));
    expect(tf.memory().numTensors).toBe(before);
    // A model without denoiseLoss (the linear AE) reports none.
    const lin = createLinearAe({ inputDim: D, latent: 2, seed: 1, tiedWeights: false, bias: true });
    const t2 = new Trainer(lin, data, { learningRate: 0.01, batchSize: 8, optimizer: 'adam' }, 1);
    const l = t2.evaluate(2000, true);
    expect(Object.keys(l)).not.toContain(DENOISE_ERROR_KEY);
    tf.dispose(Object.values(l));
    lin.dispose();
    m.dispose();
  });

  it('the loss chart reports it where the corruption is the model’s own setting (the denoising AE), and not elsewhere', () => {
    // renderToString reads the store's initial state object (its server snapshot): patch it, then put it back.
    const initial = useLab.getInitialState();
    const saved = { ...initial };
    const history = { 'test/loss': [{ step: 300, value: 108.7 }], 'test/denoiseError': [{ step: 300, value: 108.2276 }] };
    const engine = new Proxy({}, { get: () => () => undefined }) as unknown as EngineClient;
    const chart = (model: string) => {
      Object.assign(initial, { settings: { ...defaultSettings(), model, noiseKind: 'masking', noiseLevel: 0.5 }, history, historyVersion: 1 });
      return renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(LossChart))).replace(/<!-- -->/g, '');
    };
    try {
      expect(chart('denoising')).toMatch(/test, corrupted and restored <strong data-testid="denoise-error">108\.228</);
      expect(chart('autoencoder')).not.toContain('denoise-error');
    } finally {
      Object.assign(initial, saved);
    }
  });
});
