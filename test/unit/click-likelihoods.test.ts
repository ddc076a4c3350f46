// The three click likelihoods of Liang et al. (2018, §2.2) against plain-loop computations,
// the Mult models trained with each, the setting that picks one, and chapter 10's formulas.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { familyOf } from '../../src/families';
import { CHAPTERS } from '../../src/learn/chapters';
import { clickNll, multinomialNll, type ClickLikelihood } from '../../src/models/click-likelihoods';
import type { Autoencoder } from '../../src/models/model';
import { createMultDae } from '../../src/models/mult-dae';
import { createMultVae } from '../../src/models/mult-vae';
import { multDaeFromSettings, multVaeFromSettings } from '../../src/models/recsys-from-settings';
import { createRng } from '../../src/math/rng';
import { defaultSettings, SETTINGS } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';
import { useTestBackend } from './tf-setup';

const LIKELIHOODS: ClickLikelihood[] = ['multinomial', 'gaussian', 'logistic'];

// Three users × five items: logits of mixed sign and size, binary clicks (one user clicked nothing).
const F = [
  [1.2, -0.7, 3.1, 0.05, -2.4],
  [-4.2, 0.9, 0.3, 2.2, -0.1],
  [0.6, 0.6, -1.5, 5.3, -3.3],
];
const X = [
  [1, 0, 1, 0, 0],
  [0, 0, 0, 0, 0],
  [0, 1, 0, 1, 1],
];

/** −(1/B) Σ_b Σ_i x_bi log softmax(f_b)_i, with plain loops. */
function multinomialByHand(f: number[][], x: number[][]): number {
  let total = 0;
  f.forEach((row, b) => {
    const m = Math.max(...row);
    const logZ = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    row.forEach((v, i) => (total -= x[b][i] * (v - logZ)));
  });
  return total / f.length;
}

/** (1/B) Σ_b (1/2) Σ_i (x_bi − f_bi)². */
function gaussianByHand(f: number[][], x: number[][]): number {
  let total = 0;
  f.forEach((row, b) => row.forEach((v, i) => (total += 0.5 * (x[b][i] - v) ** 2)));
  return total / f.length;
}

/** −(1/B) Σ_b Σ_i [x_bi log σ(f_bi) + (1 − x_bi) log(1 − σ(f_bi))], straight from the definition. */
function logisticByHand(f: number[][], x: number[][]): number {
  let total = 0;
  f.forEach((row, b) =>
    row.forEach((v, i) => {
      const p = 1 / (1 + Math.exp(-v));
      total -= x[b][i] * Math.log(p) + (1 - x[b][i]) * Math.log(1 - p);
    }),
  );
  return total / f.length;
}

const BY_HAND: Record<ClickLikelihood, (f: number[][], x: number[][]) => number> = {
  multinomial: multinomialByHand,
  gaussian: gaussianByHand,
  logistic: logisticByHand,
};

async function nll(likelihood: ClickLikelihood, f: number[][], x: number[][]): Promise<number> {
  const v = tf.tidy(() => clickNll(likelihood, tf.tensor2d(f), tf.tensor2d(x)));
  const [out] = await v.data();
  v.dispose();
  return out;
}

/** Users who each like one of two disjoint item groups (as in mult-models.test.ts, smaller). */
function twoTasteClicks(users: number, items: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(users * items);
  for (let u = 0; u < users; u++)
    for (let i = 0; i < items; i++) {
      const inGroup = i < items / 2 === (u % 2 === 0);
      if (rng() < (inGroup ? 0.5 : 0.05)) x[u * items + i] = 1;
    }
  return x;
}

/** Trains with Adam on the whole matrix; the eval reconstruction before and after, and the tensor counts per step. */
async function train(model: Autoencoder, x: tf.Tensor2D, steps: number): Promise<{ before: number; after: number; counts: number[] }> {
  const evalRecon = async () => {
    const t = tf.tidy(() => model.evalLoss(x).terms.reconstruction);
    const [v] = await t.data();
    t.dispose();
    return v;
  };
  const optimizer = tf.train.adam(0.01);
  const vars = Object.values(model.variables());
  const before = await evalRecon();
  const counts: number[] = [];
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => model.loss(x, step).total, true, vars);
    const [c] = await cost!.data();
    cost!.dispose();
    expect(Number.isFinite(c), `step ${step}`).toBe(true);
    counts.push(tf.memory().numTensors);
  }
  const after = await evalRecon();
  optimizer.dispose();
  return { before, after, counts };
}

describe('click likelihoods', () => {
  beforeAll(useTestBackend);

  for (const likelihood of LIKELIHOODS)
    it(`${likelihood}: clickNll equals the plain-loop formula`, async () => {
      const want = BY_HAND[likelihood](F, X);
      expect(Math.abs((await nll(likelihood, F, X)) - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
    });

  it('multinomial: multinomialNll, which popularity and the gap use, equals the hand computation', async () => {
    const v = tf.tidy(() => multinomialNll(tf.tensor2d(F), tf.tensor2d(X)));
    expect((await v.data())[0]).toBeCloseTo(multinomialByHand(F, X), 5);
    v.dispose();
  });

  it('logistic: stays finite and exact for logits of ±50', async () => {
    // Per item softplus(f) − x f: wrong-side ±50 costs 50, right-side costs e^−50 ≈ 0.
    const f = [[50, -50, 50, -50]];
    const x = [[0, 1, 1, 0]];
    const v = await nll('logistic', f, x);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(100, 4);
    // And its gradient is σ(f) − x, also finite.
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => clickNll('logistic', t as tf.Tensor2D, tf.tensor2d(x)))(tf.tensor2d(f)));
    const grad = Array.from(await g.data());
    g.dispose();
    [1, -1, 0, 0].forEach((want, i) => expect(grad[i]).toBeCloseTo(want, 5));
  });

  it('the Gaussian scores the raw clicks, not the L2-normalised input', async () => {
    const items = 6;
    const x = tf.tensor2d([
      [1, 1, 0, 1, 0, 0],
      [0, 0, 1, 0, 1, 1],
    ]);
    const model = createMultDae({ items, hidden: [], latent: 3, keepProb: 1, seed: 4, weightDecay: 0, likelihood: 'gaussian' });
    const recon = tf.tidy(() => model.evalLoss(x).terms.reconstruction);
    const f = tf.tidy(() => model.reconstruct(x));
    const want = gaussianByHand((await f.array()) as number[][], (await x.array()) as number[][]);
    expect((await recon.data())[0]).toBeCloseTo(want, 5);
    tf.dispose([x, recon, f]);
    model.dispose();
  });

  it('a model refuses an unknown likelihood when it is built', () => {
    const bad = 'poisson' as unknown as ClickLikelihood;
    expect(() => createMultDae({ items: 4, hidden: [], latent: 2, keepProb: 1, seed: 1, weightDecay: 0, likelihood: bad })).toThrow(/likelihood must be/);
    expect(() => createMultVae({ items: 4, hidden: [], latent: 2, keepProb: 1, seed: 1, annealSteps: 10, betaMax: 0.2, likelihood: bad })).toThrow(/likelihood must be/);
  });
});

describe('Mult-DAE and Mult-VAE with each likelihood', () => {
  beforeAll(useTestBackend);
  const users = 40;
  const items = 20;

  for (const likelihood of LIKELIHOODS) {
    it(`${likelihood}: a Mult-DAE from the settings trains without NaN, lowers its loss and keeps the tensor count flat`, async () => {
      const settings = { ...defaultSettings(), multHidden: 8, latent: 4, keepProb: 0.8, weightDecay: 1e-4, clickLikelihood: likelihood };
      const model = multDaeFromSettings(settings, items, 2);
      const x = tf.tensor2d(twoTasteClicks(users, items, 5), [users, items]);
      const { before, after, counts } = await train(model, x, 40);
      expect(Number.isFinite(after)).toBe(true);
      expect(after).toBeLessThan(before * 0.95);
      // After the optimizer's slots exist (first step), no step leaves a tensor behind.
      expect(new Set(counts.slice(1)).size).toBe(1);
      x.dispose();
      model.dispose();
    });

    it(`${likelihood}: a Mult-VAE from the settings trains without NaN and lowers its reconstruction`, async () => {
      const settings = { ...defaultSettings(), multHidden: 8, latent: 4, keepProb: 0.8, annealSteps: 200, clickLikelihood: likelihood };
      const model = multVaeFromSettings(settings, items, 2, users);
      const x = tf.tensor2d(twoTasteClicks(users, items, 6), [users, items]);
      const { before, after, counts } = await train(model, x, 40);
      expect(Number.isFinite(after)).toBe(true);
      expect(after).toBeLessThan(before);
      expect(new Set(counts.slice(1)).size).toBe(1);
      x.dispose();
      model.dispose();
    });
  }
});

describe('the clickLikelihood setting', () => {
  it('is a select of the three, multinomial by default, and rebuilds the model', () => {
    const row = SETTINGS.clickLikelihood;
    expect(row.default).toBe('multinomial');
    expect(row.resets).toBe(true);
    expect(row.control.kind === 'select' && row.control.options.map((o) => o.value)).toEqual(LIKELIHOODS);
    // The image VAE's own likelihood row is untouched.
    expect(SETTINGS.likelihood.default).toBe('bernoulli');
  });

  it('is shown for Mult-VAE and Mult-DAE', () => {
    expect(familyOf('mult-vae').settings).toContain('clickLikelihood');
    expect(familyOf('mult-dae').settings).toContain('clickLikelihood');
  });

  it('validates: the three pass, anything else is refused with a message', () => {
    for (const v of LIKELIHOODS) expect(applyPatch(defaultSettings(), { clickLikelihood: v }).errors).toEqual([]);
    const r = applyPatch(defaultSettings(), { clickLikelihood: 'poisson' });
    expect(r.errors.join(' ')).toMatch(/clickLikelihood must be one of/);
  });
});

describe('chapter 10 writes the likelihoods as the code computes them', () => {
  const chapter = CHAPTERS.find((c) => c.id === 'recommenders')!;
  const likelihoodStep = chapter.steps.find((s) => s.title === 'Why a multinomial likelihood')!;
  const dropoutStep = chapter.steps.find((s) => s.title === 'Dropout as the test scenario')!;
  const gaussianStep = chapter.steps.find((s) => s.preset?.clickLikelihood === 'gaussian')!;

  it('its likelihood step shows the three formulas of BY_HAND', () => {
    const p = likelihoodStep.prose;
    expect(p).toContain('-\\frac{1}{B} \\sum_{b} \\sum_{i} x_{bi} \\log \\operatorname{softmax}(f_b)_i');
    expect(p).toContain('\\frac{1}{B} \\sum_{b} \\frac{1}{2} \\sum_{i} (x_{bi} - f_{bi})^2');
    expect(p).toContain('-\\frac{1}{B} \\sum_{b} \\sum_{i} \\big[x_{bi} \\log \\sigma(f_{bi}) + (1 - x_{bi}) \\log(1 - \\sigma(f_{bi}))\\big]');
    expect(p).toContain('\\max(f, 0) - x f + \\log(1 + e^{-\\lvert f \\rvert})');
    expect(p).toContain('clickLikelihood');
  });

  it('the softplus form the chapter gives equals the definition', () => {
    for (const f of [-7.5, -1, 0, 0.3, 4.2])
      for (const x of [0, 1]) {
        const p = 1 / (1 + Math.exp(-f));
        const definition = -(x * Math.log(p) + (1 - x) * Math.log(1 - p));
        expect(Math.max(f, 0) - x * f + Math.log(1 + Math.exp(-Math.abs(f)))).toBeCloseTo(definition, 10);
      }
  });

  it('a step switches to the Gaussian: step 3’s Mult-DAE with only the likelihood changed', () => {
    expect(gaussianStep).toBeDefined();
    expect(gaussianStep.preset).toEqual({ ...dropoutStep.preset, clickLikelihood: 'gaussian' });
    expect(gaussianStep.prose).toContain('\\frac{1}{B} \\sum_{b} \\frac{1}{2} \\sum_{i} (x_{bi} - f_{bi})^2');
    expect(familyOf('mult-dae').panels as readonly string[]).toContain(gaussianStep.highlight);
    expect(chapter.steps.indexOf(dropoutStep)).toBe(2);
  });
});
