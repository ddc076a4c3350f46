import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanJacobianNorm } from '../../src/models/jacobian';
import type { Activation } from '../../src/models/activations';
import { activeFractionPerInput, codeHistogram, deadUnitMask, meanAbsActivation, unitMeanActivation } from '../../src/models/ae-diagnostics';
import { corrupt } from '../../src/models/corruption';
import { createDenseAe, type DenseAe } from '../../src/models/dense-ae';
import { klSparsity, l1Sparsity } from '../../src/models/sparsity';
import { frobeniusSquaredPerExample, jacobianByAutodiff } from './oracles/jacobian';
import { useTestBackend } from './tf-setup';

async function read(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

/** Sets every variable to seeded values in ±scale (biases too, so no pre-activation sits at 0 by construction). */
function randomize(model: DenseAe, seed: number, scale = 1): void {
  Object.values(model.variables()).forEach((v, i) => tf.tidy(() => v.assign(tf.randomUniform(v.shape, -scale, scale, 'float32', seed + i))));
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe('sparsity penalties', () => {
  beforeAll(useTestBackend);

  it('L1 = (1/B) Σ_b Σ_k |h_bk| matches a hand computation', async () => {
    const h = tf.tensor2d([
      [0.5, -0.2, 0],
      [0.1, 0, 0.3],
    ]);
    // rows: 0.5 + 0.2 + 0 = 0.7 and 0.1 + 0 + 0.3 = 0.4 → mean 0.55
    const [v] = await read(l1Sparsity(h));
    expect(v).toBeCloseTo(0.55, 6);
    h.dispose();
  });

  it('KL sparsity Σ_k KL(ρ‖ρ̂_k) matches a hand computation and stays finite for a dead unit', async () => {
    const h = tf.tensor2d([
      [0.1, 0.9, 0],
      [0.3, 0.5, 0],
    ]);
    const rho = 0.2;
    // ρ̂ = (0.2, 0.7, 0 → clipped to 1e-6)
    const kl = (r: number) => rho * Math.log(rho / r) + (1 - rho) * Math.log((1 - rho) / (1 - r));
    const expected = kl(0.2) + kl(0.7) + kl(1e-6);
    expect(kl(0.7)).toBeCloseTo(0.2 * Math.log(0.2 / 0.7) + 0.8 * Math.log(0.8 / 0.3), 12);
    const [v] = await read(klSparsity(h, rho));
    console.log(`KL sparsity: tfjs ${v}, hand ${expected} (KL(0.2‖0.7) = ${kl(0.7).toFixed(5)})`);
    expect(relErr(v, expected)).toBeLessThan(1e-5);
    h.dispose();
  });
});

describe('contractive penalty: closed form = ‖J_f(x)‖²_F by automatic differentiation', () => {
  beforeAll(useTestBackend);

  const activations: Activation[] = ['sigmoid', 'tanh', 'relu'];
  for (const activation of activations) {
    it(`single layer 6 → 4, ${activation}`, async () => {
      const model = createDenseAe({ family: 'contractive', inputDim: 6, hidden: [], latent: 4, activation, tiedWeights: false, loss: 'squared', seed: 3 });
      randomize(model, 40);
      const x = tf.randomUniform([5, 6], -1, 1, 'float32', 9) as tf.Tensor2D;
      const [closed] = await read(tf.tidy(() => model.evalLoss(x).terms.contraction));
      const [auto] = await read(tf.tidy(() => tf.mean(frobeniusSquaredPerExample(jacobianByAutodiff(model.encode, x)))));
      const [diag] = await read(meanJacobianNorm(model, x));
      const [active] = await read(tf.tidy(() => tf.mean(tf.cast(tf.greater(model.encoderLayers(x)[0].h, 0), 'float32'))));
      console.log(
        `${activation}: closed form ${closed}, autodiff ${auto}, relative error ${relErr(closed, auto).toExponential(2)} (share of h > 0, i.e. a > 0: ${active.toFixed(2)})`,
      );
      expect(auto).toBeGreaterThan(0.01);
      expect(relErr(closed, auto)).toBeLessThan(1e-4);
      expect(relErr(diag, auto)).toBeLessThan(1e-4);
      if (activation === 'relu') expect(active).toBeGreaterThan(0.1); // both branches of 1[a > 0] occur
      if (activation === 'relu') expect(active).toBeLessThan(0.9);
      model.dispose();
      x.dispose();
    });
  }

  for (const activation of activations) {
    it(`stacked 6 → 5 → 3 → 4 (exact chain S_l = D_l W_lᵀ S_{l−1} W_l D_l), ${activation}`, async () => {
      const model = createDenseAe({ family: 'contractive', inputDim: 6, hidden: [5, 3], latent: 4, activation, tiedWeights: true, loss: 'squared', seed: 4 });
      randomize(model, 70);
      const x = tf.randomUniform([7, 6], -1, 1, 'float32', 11) as tf.Tensor2D;
      const [auto] = await read(tf.tidy(() => tf.mean(frobeniusSquaredPerExample(jacobianByAutodiff(model.encode, x)))));
      const [exact] = await read(meanJacobianNorm(model, x, 3)); // slices of 3 rows: 3 + 3 + 1
      console.log(`stacked ${activation}: exact chain ${exact}, autodiff ${auto}, relative error ${relErr(exact, auto).toExponential(2)}`);
      expect(auto).toBeGreaterThan(1e-3);
      expect(relErr(exact, auto)).toBeLessThan(1e-4);
      model.dispose();
      x.dispose();
    });
  }

  it('the autodiff Jacobian of f(x) = x A is A for every row (the reference itself is right)', async () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const x = tf.tensor2d([
      [0.3, -1, 2],
      [4, 5, 6],
    ]);
    const j = await read(jacobianByAutodiff((v) => tf.matMul(v, a), x));
    expect(j).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
    tf.dispose([a, x]);
  });
});

describe('corruption q(x̃ | x)', () => {
  beforeAll(useTestBackend);
  const ones = () => tf.ones([200, 100]) as tf.Tensor2D;

  it('masking zeroes a fraction ν of pixels and leaves the rest', async () => {
    const x = ones();
    const v = await read(corrupt(x, 'masking', 0.3, 5));
    const zeros = v.filter((p) => p === 0).length / v.length;
    console.log(`masking ν = 0.3: zeroed ${zeros.toFixed(4)}`);
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.01);
    expect(v.every((p) => p === 0 || p === 1)).toBe(true);
    x.dispose();
  });

  it('salt-and-pepper sets a fraction ν to 0 or 1 with equal odds', async () => {
    const x = tf.fill([200, 100], 0.5) as tf.Tensor2D;
    const v = await read(corrupt(x, 'salt-and-pepper', 0.4, 6));
    const salt = v.filter((p) => p === 1).length / v.length;
    const pepper = v.filter((p) => p === 0).length / v.length;
    console.log(`salt-and-pepper ν = 0.4: salt ${salt.toFixed(4)}, pepper ${pepper.toFixed(4)}`);
    expect(Math.abs(salt + pepper - 0.4)).toBeLessThan(0.015);
    expect(Math.abs(salt - pepper)).toBeLessThan(0.015);
    expect(v.every((p) => p === 0 || p === 1 || p === 0.5)).toBe(true);
    x.dispose();
  });

  it('gaussian adds N(0, σ²) noise', async () => {
    const x = ones();
    const v = await read(corrupt(x, 'gaussian', 0.25, 7));
    const mean = v.reduce((s, p) => s + p, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, p) => s + (p - mean) ** 2, 0) / v.length);
    console.log(`gaussian σ = 0.25: mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)}`);
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(sd - 0.25)).toBeLessThan(0.01);
    x.dispose();
  });

  it('is reproducible for a seed, differs between seeds, and is the identity at level 0', async () => {
    const x = ones();
    const a = await read(corrupt(x, 'masking', 0.5, 1));
    const b = await read(corrupt(x, 'masking', 0.5, 1));
    const c = await read(corrupt(x, 'masking', 0.5, 2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect((await read(corrupt(x, 'salt-and-pepper', 0, 3))).every((p) => p === 1)).toBe(true);
    x.dispose();
  });

  it('rejects levels outside their range with a clear Error', () => {
    const x = ones();
    expect(() => corrupt(x, 'masking', 1.5, 1)).toThrow(/from 0 to 1/);
    expect(() => corrupt(x, 'salt-and-pepper', -0.1, 1)).toThrow(/from 0 to 1/);
    expect(() => corrupt(x, 'gaussian', -1, 1)).toThrow(/σ/);
    expect(() => corrupt(x, 'blur' as never, 0.1, 1)).toThrow(/noiseKind/);
    x.dispose();
  });
});

describe('code diagnostics', () => {
  beforeAll(useTestBackend);

  it('histogram, unit means, active fraction, dead units and mean |h| match hand counts', async () => {
    // 3 inputs × 4 units; unit 3 is never above 0.1
    const h = tf.tensor2d([
      [0.05, 0.5, 0.95, 0.0],
      [0.2, 0.5, 1.0, 0.1],
      [0.0, 0.6, 0.7, 0.05],
    ]);
    expect(await read(codeHistogram(h, 4, 0, 1))).toEqual([6, 0, 4, 2]); // [0,.25): 6 values, [.25,.5): 0, [.5,.75): 4, [.75,1]: 2
    const means = await read(unitMeanActivation(h));
    [0.25 / 3, 1.6 / 3, 2.65 / 3, 0.15 / 3].forEach((m, k) => expect(means[k]).toBeCloseTo(m, 6));
    const active = await read(activeFractionPerInput(h, 0.1));
    expect(active).toEqual([0.5, 0.75, 0.5]);
    expect(await read(deadUnitMask(h, 0.1))).toEqual([0, 0, 0, 1]);
    const [abs] = await read(meanAbsActivation(tf.neg(h)));
    expect(abs).toBeCloseTo(4.65 / 12, 6);
    h.dispose();
  });
});
