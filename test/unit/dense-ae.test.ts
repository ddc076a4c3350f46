import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initFromData, Trainer, uploadData } from '../../src/engine/trainer';
import { createDenseAe, type AeFamily, type DenseAeOptions } from '../../src/models/dense-ae';
import { useTestBackend } from './tf-setup';

const base: DenseAeOptions = { family: 'autoencoder', inputDim: 6, hidden: [], latent: 2, activation: 'sigmoid', tiedWeights: false, loss: 'squared', seed: 1 };

async function read(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

const shapes = (o: Partial<DenseAeOptions>) => {
  const m = createDenseAe({ ...base, ...o });
  const s = Object.fromEntries(Object.entries(m.variables()).map(([k, v]) => [k, v.shape]));
  m.dispose();
  return s;
};

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

describe('dense autoencoder structure', () => {
  beforeAll(useTestBackend);

  it('names its variables by the documented scheme, single layer and stacked, tied and untied', () => {
    expect(shapes({ inputDim: 784, latent: 16 })).toEqual({
      'encoder/kernel': [784, 16],
      'encoder/bias': [16],
      'decoder/kernel': [16, 784],
      'decoder/bias': [784],
    });
    expect(shapes({ inputDim: 784, latent: 16, tiedWeights: true })).toEqual({ 'encoder/kernel': [784, 16], 'encoder/bias': [16], 'decoder/bias': [784] });
    expect(shapes({ hidden: [5, 3] })).toEqual({
      'encoder/layer0/kernel': [6, 5],
      'encoder/layer0/bias': [5],
      'encoder/layer1/kernel': [5, 3],
      'encoder/layer1/bias': [3],
      'code/kernel': [3, 2],
      'code/bias': [2],
      'decoder/layer0/kernel': [2, 3],
      'decoder/layer0/bias': [3],
      'decoder/layer1/kernel': [3, 5],
      'decoder/layer1/bias': [5],
      'decoder/out/kernel': [5, 6],
      'decoder/out/bias': [6],
    });
    expect(Object.keys(shapes({ hidden: [5, 3], tiedWeights: true })).filter((k) => k.startsWith('decoder') && k.endsWith('kernel'))).toEqual([]);
  });

  it('weightRows are the first layer rows [H×D]; encode/decode have the right shapes; overcomplete K works', async () => {
    const m = createDenseAe({ ...base, inputDim: 784, hidden: [32], latent: 1024, activation: 'relu' });
    const rows = m.weightRows();
    expect(rows.shape).toEqual([32, 784]);
    const k = Array.from(await m.variables()['encoder/layer0/kernel'].data());
    const r = await read(rows);
    expect(r[3 * 784 + 100]).toBe(k[100 * 32 + 3]); // row j, pixel i = W[i, j]
    const x = tf.randomUniform([3, 784], 0, 1, 'float32', 2) as tf.Tensor2D;
    const h = m.encode(x);
    expect(h.shape).toEqual([3, 1024]);
    const xHat = m.decode(h);
    expect(xHat.shape).toEqual([3, 784]);
    tf.dispose([x, h, xHat]);
    m.dispose();
  });

  it('tied weights decode with the encoder kernel transposed: x̂ = σ(σ(xW + b) Wᵀ + c)', async () => {
    const m = createDenseAe({ ...base, tiedWeights: true, seed: 8 });
    const v = m.variables();
    tf.tidy(() => v['decoder/bias'].assign(tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5, -1])));
    const x = tf.randomUniform([4, 6], 0, 1, 'float32', 3) as tf.Tensor2D;
    const manual = tf.tidy(() => {
      const w = v['encoder/kernel'] as tf.Tensor2D;
      const h = tf.sigmoid(tf.add(tf.matMul(x, w), v['encoder/bias'])) as tf.Tensor2D;
      return tf.sigmoid(tf.add(tf.matMul(h, w, false, true), v['decoder/bias']));
    });
    const a = await read(m.reconstruct(x));
    const b = await read(manual);
    a.forEach((p, i) => expect(p).toBeCloseTo(b[i], 6));
    x.dispose();
    m.dispose();
  });
});

describe('dense autoencoder losses', () => {
  beforeAll(useTestBackend);

  // D = 2, K = 1: a = x·(0.5, −1) + 0.2, h = σ(a), logits = h·(2, −3) + (40, −1).
  const tiny = (loss: DenseAeOptions['loss']) => {
    const m = createDenseAe({ ...base, inputDim: 2, latent: 1, loss });
    const v = m.variables();
    tf.tidy(() => {
      v['encoder/kernel'].assign(tf.tensor2d([[0.5], [-1]]));
      v['encoder/bias'].assign(tf.tensor1d([0.2]));
      v['decoder/kernel'].assign(tf.tensor2d([[2, -3]]));
      v['decoder/bias'].assign(tf.tensor1d([40, -1]));
    });
    return m;
  };
  const xs = [
    [1, 0],
    [0.3, 0.8],
  ];
  const logitsOf = (x: number[]) => {
    const h = sigmoid(0.5 * x[0] - x[1] + 0.2);
    return [2 * h + 40, -3 * h - 1];
  };

  it('cross-entropy = (1/B) Σ_b Σ_i −[x log x̂ + (1−x) log(1−x̂)] by hand, finite at logit 40', async () => {
    // −log σ(l) = log(1 + e^{−l}),  −log(1 − σ(l)) = log(1 + e^{l})
    const bce = (x: number, l: number) => x * Math.log1p(Math.exp(-l)) + (1 - x) * Math.log1p(Math.exp(l));
    const expected = xs.map((x) => logitsOf(x).reduce((s, l, i) => s + bce(x[i], l), 0)).reduce((s, v) => s + v, 0) / 2;
    const m = tiny('cross-entropy');
    const x = tf.tensor2d(xs);
    const [rec] = await read(tf.tidy(() => m.evalLoss(x).terms.reconstruction));
    console.log(`cross-entropy: tfjs ${rec}, hand ${expected}`);
    expect(Math.abs(rec - expected) / expected).toBeLessThan(1e-5);
    tf.dispose([x]);
    m.dispose();
  });

  it('squared = (1/B) Σ_b ‖σ(logits_b) − x_b‖² by hand', async () => {
    const expected = xs.map((x) => logitsOf(x).reduce((s, l, i) => s + (sigmoid(l) - x[i]) ** 2, 0)).reduce((s, v) => s + v, 0) / 2;
    const m = tiny('squared');
    const x = tf.tensor2d(xs);
    const [rec] = await read(tf.tidy(() => m.evalLoss(x).terms.reconstruction));
    expect(Math.abs(rec - expected) / expected).toBeLessThan(1e-5);
    x.dispose();
    m.dispose();
  });

  it('the total adds the live weight times the reported penalty, and setLive changes it without a rebuild', async () => {
    const x = tf.randomUniform([8, 6], 0, 1, 'float32', 4) as tf.Tensor2D;
    for (const [family, key, term] of [
      ['sparse', 'sparsityWeight', 'sparsity'],
      ['contractive', 'contractionWeight', 'contraction'],
    ] as const) {
      const m = createDenseAe({ ...base, family, [key]: 0.1 });
      const vars = m.variables();
      for (const lambda of [0.1, 2.5]) {
        m.setLive!({ [key]: lambda, learningRate: 0.01 }); // unknown keys are ignored
        const [total, rec, pen] = await read(
          tf.tidy(() => {
            const l = m.evalLoss(x);
            return tf.stack([l.total, l.terms.reconstruction, l.terms[term]]);
          }),
        );
        expect(pen).toBeGreaterThan(0);
        expect(total).toBeCloseTo(rec + lambda * pen, 4);
      }
      expect(m.variables()).toBe(vars);
      m.dispose();
    }
    x.dispose();
  });

  it("KL sparsity reads ρ live: Σ_k KL(ρ‖ρ̂_k) of the model's own codes, for two ρ", async () => {
    const m = createDenseAe({ ...base, family: 'sparse', latent: 3, sparsityKind: 'kl', sparsityTarget: 0.5 });
    const x = tf.randomUniform([8, 6], 0, 1, 'float32', 4) as tf.Tensor2D;
    const rhoHat = await read(tf.tidy(() => tf.mean(m.encode(x), 0)));
    const byHand = (rho: number) => rhoHat.reduce((s, r) => s + rho * Math.log(rho / r) + (1 - rho) * Math.log((1 - rho) / (1 - r)), 0);
    const kl = async () => (await read(tf.tidy(() => m.evalLoss(x).terms.sparsity)))[0];
    const atHalf = await kl();
    m.setLive!({ sparsityTarget: 0.05 });
    const atFive = await kl();
    console.log(
      `ρ̂ = ${rhoHat.map((r) => r.toFixed(3)).join(', ')}; KL at ρ = 0.5: ${atHalf.toFixed(5)} (hand ${byHand(0.5).toFixed(5)}), at ρ = 0.05: ${atFive.toFixed(5)} (hand ${byHand(0.05).toFixed(5)})`,
    );
    expect(atHalf).toBeCloseTo(byHand(0.5), 5);
    expect(atFive).toBeCloseTo(byHand(0.05), 5);
    expect(atFive).toBeGreaterThan(atHalf);
    x.dispose();
    m.dispose();
  });

  it('denoising: noise is fixed by (seed, step), evalLoss is clean, level 0 is the plain loss', async () => {
    const m = createDenseAe({ ...base, family: 'denoising', noiseKind: 'masking', noiseLevel: 0.5 });
    const x = tf.randomUniform([16, 6], 0.2, 1, 'float32', 5) as tf.Tensor2D;
    const train = async (step: number) => (await read(tf.tidy(() => m.loss(x, step).total)))[0];
    const clean = (await read(tf.tidy(() => m.evalLoss(x).total)))[0];
    const [a, b, c] = [await train(3), await train(3), await train(4)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toBe(clean);
    m.setLive!({ noiseLevel: 0 });
    expect(await train(3)).toBe(clean);
    x.dispose();
    m.dispose();
  });

  it('initFromMean sets the output bias to logit(mean pixel)', async () => {
    const m = createDenseAe({ ...base, hidden: [4] });
    const x = tf.tensor2d([
      [0, 0.5, 1, 0.2, 0.2, 0.9],
      [0, 0.5, 1, 0.4, 0.6, 0.9],
    ]);
    const mean = tf.mean(x, 0) as tf.Tensor1D;
    m.initFromMean(mean);
    mean.dispose();
    const b = await read(m.variables()['decoder/out/bias']);
    const p = [1e-3, 0.5, 1 - 1e-3, 0.3, 0.4, 0.9];
    p.forEach((q, i) => expect(b[i]).toBeCloseTo(Math.log(q / (1 - q)), 4));
    x.dispose();
    m.dispose();
  });
});

describe('dense autoencoder validation', () => {
  beforeAll(useTestBackend);

  it('the factory rejects invalid options with a clear Error', () => {
    expect(() => createDenseAe({ ...base, latent: 0 })).toThrow(/code size K/);
    expect(() => createDenseAe({ ...base, family: 'sparse', sparsityWeight: -0.1 })).toThrow(/sparsityWeight must be a number ≥ 0/);
    expect(() => createDenseAe({ ...base, family: 'contractive', contractionWeight: -1 })).toThrow(/contractionWeight/);
    expect(() => createDenseAe({ ...base, family: 'denoising', noiseLevel: 1.2 })).toThrow(/from 0 to 1/);
    expect(() => createDenseAe({ ...base, family: 'denoising', noiseLevel: -0.2 })).toThrow(/from 0 to 1/);
    expect(() => createDenseAe({ ...base, family: 'sparse', sparsityTarget: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => createDenseAe({ ...base, family: 'sparse', sparsityKind: 'kl', activation: 'relu' })).toThrow(/sigmoid/);
    expect(() => createDenseAe({ ...base, hidden: [8, 0] })).toThrow(/Hidden layer sizes/);
    expect(() => createDenseAe({ ...base, activation: 'gelu' as never })).toThrow(/activation/);
    expect(() => createDenseAe({ ...base, family: 'vae' as never })).toThrow(/family/);
  });

  it('setLive rejects bad values and then changes nothing', () => {
    const m = createDenseAe({ ...base, family: 'denoising', noiseKind: 'masking', noiseLevel: 0.3 });
    const before = m.liveParams();
    expect(() => m.setLive!({ sparsityWeight: -1, noiseLevel: 0.4 })).toThrow(/sparsityWeight/);
    expect(() => m.setLive!({ noiseLevel: 1.5 })).toThrow(/from 0 to 1/);
    expect(() => m.setLive!({ noiseKind: 'speckle' as never })).toThrow(/noiseKind/);
    expect(m.liveParams()).toEqual(before);
    m.setLive!({ noiseKind: 'gaussian', noiseLevel: 2 }); // σ = 2 is a valid Gaussian level…
    expect(() => m.setLive!({ noiseKind: 'masking' })).toThrow(/from 0 to 1/); // …but not a fraction
    expect(m.liveParams().noiseKind).toBe('gaussian');
    m.dispose();
  });
});

describe('dense autoencoder memory', () => {
  beforeAll(useTestBackend);

  const families: AeFamily[] = ['autoencoder', 'sparse', 'denoising', 'contractive'];
  for (const family of families) {
    it(`${family}: tf.memory().numTensors stays flat over 500 Trainer steps, diagnostics and queries`, async () => {
      const d = 20;
      const rows = tf.tidy(() => tf.randomUniform([300, d], 0, 1, 'float32', 1).dataSync() as Float32Array);
      const data = uploadData(rows, 300, rows.subarray(0, 50 * d), 50, d);
      const model = createDenseAe({ ...base, family, inputDim: d, hidden: [8], latent: 4, loss: 'cross-entropy', sparsityKind: 'kl' });
      initFromData(model, data);
      const trainer = new Trainer(model, data, { learningRate: 0.01, batchSize: 32, optimizer: 'adam' }, 1);
      tf.dispose(Object.values(trainer.trainSteps(5)));
      trainer.saveCheckpoint();
      const before = tf.memory().numTensors;
      for (let chunk = 0; chunk < 50; chunk++) {
        const sums = trainer.trainSteps(10);
        await sums.total.data();
        tf.dispose(Object.values(sums));
        tf.dispose(Object.values(trainer.evaluate()));
        if (chunk % 10 === 0) {
          await model.diagnostics!(data.test);
          await model.query!('denoise', { kind: 'salt-and-pepper', level: 0.2, count: 4 }, data.test);
          trainer.saveCheckpoint();
        }
        if (chunk === 25) {
          trainer.setLive({ learningRate: 0.005, batchSize: 16, optimizer: 'adam', sparsityKind: 'l1', noiseKind: 'gaussian', noiseLevel: 0.2, contractionWeight: 0.5 });
        }
      }
      expect(trainer.step).toBe(505);
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
      tf.dispose([data.train, data.test]);
    });
  }

  it('diagnostics and the denoise query return what the panels need', async () => {
    const m = createDenseAe({ ...base, family: 'denoising', inputDim: 10, latent: 5 });
    const probe = tf.randomUniform([12, 10], 0, 1, 'float32', 3) as tf.Tensor2D;
    const d = await m.diagnostics!(probe);
    expect(Object.keys(d).sort()).toEqual(['activeFraction', 'codeHistogram', 'deadUnits', 'jacobianNorm', 'meanAbs', 'unitMeans']);
    expect((d.unitMeans as Float32Array).length).toBe(5);
    expect(Array.from(d.codeHistogram as Float32Array).reduce((s, c) => s + c, 0)).toBe(60); // 12 × 5 values
    expect(d.jacobianNorm as number).toBeGreaterThan(0);
    const r = (await m.query!('denoise', { kind: 'masking', level: 0.5, count: 3, seed: 2 }, probe)) as {
      corrupted: Float32Array;
      reconstructed: Float32Array;
      corruptedError: number;
    };
    expect(r.corrupted.length).toBe(30);
    expect(r.reconstructed.length).toBe(30);
    expect(r.corruptedError).toBeGreaterThan(0);
    await expect(m.query!('nope' as never, {}, probe)).rejects.toThrow(/no query named "nope"/);
    await expect(m.query!('denoise', { level: 3 }, probe)).rejects.toThrow(/from 0 to 1/);
    probe.dispose();
    m.dispose();
  });
});
