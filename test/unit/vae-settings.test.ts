import type { ImageReference } from '../../src/engine/protocol';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/mnist-source';
import { Trainer, uploadData } from '../../src/engine/trainer';
import { beta } from '../../src/math/beta-schedule';
import { meanImageCrossEntropy } from '../../src/math/mean-image-baseline';
import { buildModel as createModel } from '../../src/engine/build-model';
import { modelsUsing } from '../../src/families';
import type { Vae } from '../../src/models/vae';
import { COLLAPSE_THRESHOLD, MANIFOLD_SIZE, PRIOR_SAMPLE_COUNT, type InterpolationResult } from '../../src/models/vae-diagnostics';
import { betaScheduleFromSettings, vaeFromSettings } from '../../src/models/vae-from-settings';
import { niceTicks } from '../../src/panels/vae/plot-scale';
import { betaCurve, COLLAPSE_NATS, joinByStep } from '../../src/panels/vae/vae-view';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';
import { applyPatch } from '../../src/settings/validate';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

const vaeSettings = (patch: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), model: 'vae', latent: 2, vaeHidden: 32, ...patch });
const D = 12;
const smallBatch = (n: number) =>
  tf.tensor2d(
    Array.from({ length: n * D }, (_, i) => ((i * 7) % 11) / 10),
    [n, D],
  );

describe('VAE settings', () => {
  it('have the agreed defaults, name the VAE, and say which keys start a new run', () => {
    const d = defaultSettings();
    expect([d.vaeHidden, d.vaeActivation, d.likelihood, d.betaSchedule, d.betaMax, d.freeBits]).toEqual([256, 'relu', 'bernoulli', 'constant', 1, 0]);
    const keys = [
      'vaeHidden',
      'vaeHidden2',
      'vaeActivation',
      'likelihood',
      'betaSchedule',
      'betaMax',
      'betaWarmupSteps',
      'betaCycles',
      'betaRampFraction',
      'betaTotalSteps',
      'betaLogisticK',
      'betaLogisticX0',
      'freeBits',
    ] as const;
    for (const k of keys) expect(modelsUsing(k), k).toEqual(['vae']);
    const r = applyPatch(d, { vaeHidden: 64, likelihood: 'gaussian', betaMax: 4, betaSchedule: 'cyclical', freeBits: 0.5 });
    expect(r.ok).toBe(true);
    expect(r.resetKeys).toEqual(['vaeHidden', 'likelihood']); // β and free bits apply live
  });

  it('refuse bad values with messages that name the setting, applying nothing', () => {
    const d = defaultSettings();
    const err = (patch: Record<string, unknown>) => applyPatch(d, patch).errors.join(' ');
    expect(err({ vaeHidden: 8 })).toMatch(/vaeHidden must be at least 16 \(got 8\)/);
    expect(err({ vaeHidden: 2000 })).toMatch(/vaeHidden must be at most 1024/);
    expect(err({ vaeHidden: 100.5 })).toMatch(/vaeHidden must be a whole number/);
    expect(err({ vaeActivation: 'sigmoid' })).toMatch(/vaeActivation must be "relu" or "tanh"/);
    expect(err({ likelihood: 'poisson' })).toMatch(/likelihood must be "bernoulli" or "gaussian"/);
    expect(err({ betaSchedule: 'cosine' })).toMatch(/betaSchedule must be one of: constant, linear, cyclical, logistic/);
    expect(err({ betaMax: -0.1 })).toMatch(/betaMax must be at least 0/);
    expect(err({ betaMax: 101 })).toMatch(/betaMax must be at most 100/);
    expect(err({ betaMax: 'big' })).toMatch(/betaMax must be a number/);
    expect(err({ betaWarmupSteps: -1 })).toMatch(/betaWarmupSteps must be at least 0/);
    expect(err({ betaCycles: 0 })).toMatch(/betaCycles must be at least 1/);
    expect(err({ betaRampFraction: 0 })).toMatch(/betaRampFraction must be above 0/);
    expect(err({ betaRampFraction: 1.5 })).toMatch(/betaRampFraction must be at most 1/);
    expect(err({ betaTotalSteps: 0 })).toMatch(/betaTotalSteps must be at least 1/);
    expect(err({ betaLogisticK: 0 })).toMatch(/betaLogisticK must be above 0/);
    expect(err({ freeBits: 6 })).toMatch(/freeBits must be at most 5/);
    const two = applyPatch(d, { betaMax: 2, freeBits: -1 });
    expect(two.ok).toBe(false);
    expect(two.settings).toBe(d);
  });

  it('make the VAE presets valid', async () => {
    const { PRESETS, presetSettings } = await import('../../src/settings/presets');
    const vaePresets = PRESETS.filter((p) => p.model === 'vae');
    expect(vaePresets.length).toBeGreaterThanOrEqual(3);
    for (const p of vaePresets) expect(applyPatch(defaultSettings(), presetSettings(p, defaultSettings())).errors, p.id).toEqual([]);
  });

  it('round-trip through the URL hash; a bad link value falls back with a notice', () => {
    const s = vaeSettings({ betaSchedule: 'logistic', betaLogisticK: 0.01, betaLogisticX0: 300, freeBits: 0.25, vaeActivation: 'tanh' });
    expect(decodeHash(encodeHash(s)).settings).toEqual(s);
    const bad = decodeHash('#/lab?v=1&model=vae&betaMax=-3&betaSchedule=linear');
    expect(bad.settings.betaMax).toBe(1);
    expect(bad.settings.betaSchedule).toBe('linear');
    expect(bad.notices.join(' ')).toMatch(/betaMax=-3 is invalid \(betaMax must be at least 0\)/);
  });

  it('map onto the β schedule the model uses', () => {
    const d = defaultSettings();
    expect(betaScheduleFromSettings(d)).toEqual({ kind: 'constant', beta: 1 });
    expect(betaScheduleFromSettings({ ...d, betaSchedule: 'linear', betaMax: 2, betaWarmupSteps: 100 })).toEqual({ kind: 'linear', betaMax: 2, warmupSteps: 100 });
    const cyc = betaScheduleFromSettings({ ...d, betaSchedule: 'cyclical', betaCycles: 2, betaTotalSteps: 400, betaRampFraction: 0.5 });
    expect([0, 50, 100, 150, 200, 250, 500].map((t) => beta(t, cyc))).toEqual([0, 0.5, 1, 1, 0, 0.5, 1]);
    const lg = betaScheduleFromSettings({ ...d, betaSchedule: 'logistic', betaLogisticK: 0.1, betaLogisticX0: 50 });
    expect(beta(50, lg)).toBeCloseTo(0.5, 12);
  });
});

describe("the VAE panels' pure helpers", () => {
  it('plot β(t) through the current step, join series by step, and agree on the collapse threshold', () => {
    const lin = betaScheduleFromSettings({ ...defaultSettings(), betaSchedule: 'linear', betaMax: 1, betaWarmupSteps: 40 });
    const curve = betaCurve(lin, 17);
    expect(curve.find((p) => p.step === 17)?.beta).toBeCloseTo(17 / 40, 12); // the marker sits on the curve
    expect(curve.at(-1)!.step).toBe(100); // at least 100 steps, 1.5 × the warm-up
    expect(betaCurve(lin, 500).at(-1)!.step).toBe(550); // always past the current step
    const rows = joinByStep({
      a: [
        { step: 1, value: 5 },
        { step: 2, value: 6 },
      ],
      b: [{ step: 2, value: 7 }],
    });
    expect(rows).toEqual([{ step: 2, a: 6, b: 7 }]);
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(COLLAPSE_NATS).toBe(COLLAPSE_THRESHOLD);
  });
});

describe('the VAE built from settings', () => {
  beforeAll(useTestBackend);

  it('has one hidden layer of vaeHidden units, latent K, and the registry builds it', async () => {
    const m = await createModel(vaeSettings({ latent: 3, vaeHidden: 20 }), D);
    const shapes = Object.fromEntries(Object.entries(m.variables()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      'encoder/layer0/kernel': [D, 20],
      'encoder/layer0/bias': [20],
      'encoder/mu/kernel': [20, 3],
      'encoder/mu/bias': [3],
      'encoder/logvar/kernel': [20, 3],
      'encoder/logvar/bias': [3],
      'decoder/layer0/kernel': [3, 20],
      'decoder/layer0/bias': [20],
      'decoder/out/kernel': [20, D],
      'decoder/out/bias': [D],
    });
    expect(m.family).toBe('vae');
    m.dispose();
    const deep = await createModel(vaeSettings({ latent: 3, vaeHidden: 20, vaeHidden2: 12 }), D);
    const deepShapes = Object.fromEntries(Object.entries(deep.variables()).map(([k, v]) => [k, v.shape]));
    expect(deepShapes).toMatchObject({
      'encoder/layer0/kernel': [D, 20],
      'encoder/layer1/kernel': [20, 12],
      'encoder/mu/kernel': [12, 3],
      'decoder/layer0/kernel': [3, 12],
      'decoder/layer1/kernel': [12, 20],
      'decoder/out/kernel': [20, D],
    });
    deep.dispose();
    expect(applyPatch(defaultSettings(), { vaeHidden2: -16 }).errors[0]).toMatch(/vaeHidden2 must be at least 0/);
    expect(() => vaeFromSettings(vaeSettings({ latent: 1 }), D, 1)).toThrow(/latent size must be a whole number from 2 to 64; got 1/);
    expect(() => vaeFromSettings(vaeSettings({ latent: 100 }), D, 1)).toThrow(/from 2 to 64; got 100/);
  });

  it('takes a live β change from Trainer.setLive (the whole settings object) without a rebuild', async () => {
    const s = vaeSettings({ latent: 3, vaeHidden: 16 });
    const model = vaeFromSettings(s, D, 5);
    const data = new Float32Array(64 * D).map((_, i) => ((i * 37) % 101) / 100);
    const device = uploadData(data, 64, data, 64, D);
    const trainer = new Trainer(model, device, s, 1);
    const meanBeta = async (n: number) => {
      const sums = trainer.trainSteps(n);
      const b = (await sums.beta.data())[0] / n;
      tf.dispose(Object.values(sums));
      return b;
    };
    expect(await meanBeta(4)).toBeCloseTo(1, 6);
    trainer.setLive({ ...s, betaSchedule: 'linear', betaMax: 2, betaWarmupSteps: 10 });
    expect(model.liveParams().betaSchedule).toEqual({ kind: 'linear', betaMax: 2, warmupSteps: 10 });
    // Steps 4..7 of a 10-step warm-up to 2: β = 0.8, 1.0, 1.2, 1.4, mean 1.1.
    expect(await meanBeta(4)).toBeCloseTo(1.1, 5);
    trainer.setLive({ ...s, betaSchedule: 'linear', betaMax: 2, betaWarmupSteps: 10, freeBits: 0.5, learningRate: 0.001 });
    expect(model.liveParams().freeBits).toBe(0.5);
    expect(trainer.step).toBe(8); // same run
    // A malformed value (past the schema) throws and changes nothing.
    expect(() => trainer.setLive({ ...s, betaSchedule: 'cyclical', betaCycles: 0 })).toThrow(/cycles must be a whole number ≥ 1/);
    expect(model.liveParams().betaSchedule).toEqual({ kind: 'linear', betaMax: 2, warmupSteps: 10 });
    // A partial update keeps the other live values.
    model.setLive!({ betaMax: 3 });
    expect(model.liveParams()).toMatchObject({ betaSchedule: { kind: 'linear', betaMax: 3, warmupSteps: 10 }, freeBits: 0.5 });
    trainer.dispose();
    tf.dispose([device.train, device.test]);
  });

  it('diagnostics: per-dim KL, total, collapse flag, latent map, fixed prior samples, manifold; leak-free', async () => {
    const two = vaeFromSettings(vaeSettings({ vaeHidden: 16 }), D, 3) as Vae;
    const x = smallBatch(6);
    const before = tf.memory().numTensors;
    const d = await two.diagnostics!(x);
    const again = await two.diagnostics!(x);
    expect(tf.memory().numTensors).toBe(before);
    const kl = d.klPerDimension as Float32Array;
    expect(kl.length).toBe(2);
    expect(d.klTotal).toBeCloseTo(kl[0] + kl[1], 5);
    const evalKl = tf.tidy(() => two.evalLoss(x).terms.kl);
    expect(d.klTotal).toBeCloseTo((await evalKl.data())[0], 4); // the same KL the loss reports
    evalKl.dispose();
    expect(d.collapsed).toBe(kl.every((v) => v < COLLAPSE_NATS) ? 1 : 0);
    expect(d.activeDims).toBe(kl.filter((v) => v > COLLAPSE_NATS).length);
    expect((d.latentMap as Float32Array).length).toBe(6 * 2);
    expect(d.latentMapExplained).toBe(1);
    expect((d.priorSamples as Float32Array).length).toBe(PRIOR_SAMPLE_COUNT * D);
    expect(again.priorSamples).toEqual(d.priorSamples); // a fixed z: only the decoder moves them
    expect((d.manifold as Float32Array).length).toBe(MANIFOLD_SIZE ** 2 * D);
    two.dispose();
    // K = 5: the map is μ on its top two principal axes, and there is no manifold grid.
    const five = vaeFromSettings(vaeSettings({ latent: 5, vaeHidden: 16 }), D, 3);
    const d5 = await five.diagnostics!(x);
    expect((d5.latentMap as Float32Array).length).toBe(12);
    expect(d5.latentMapExplained as number).toBeGreaterThan(0.4);
    expect(d5.latentMapExplained as number).toBeLessThanOrEqual(1 + 1e-9);
    expect(d5.manifold).toBeUndefined();
    five.dispose();
    x.dispose();
  });

  it("query 'interpolate' decodes from μ(x_a) to μ(x_b); bad requests say what is wrong", async () => {
    const m = vaeFromSettings(vaeSettings({ latent: 3, vaeHidden: 16 }), D, 4);
    const x = smallBatch(5);
    const before = tf.memory().numTensors;
    const r = (await m.query!('interpolate', { from: 1, to: 4, steps: 5 }, x)) as InterpolationResult;
    expect(tf.memory().numTensors).toBe(before);
    expect(r.images.length).toBe(5 * D);
    const ends = tf.tidy(() => m.reconstruct(tf.gather(x, [1, 4]))); // decode(μ) of the two digits
    const e = await ends.data();
    ends.dispose();
    for (let i = 0; i < D; i++) {
      expect(r.images[i]).toBeCloseTo(e[i], 5);
      expect(r.images[4 * D + i]).toBeCloseTo(e[D + i], 5);
    }
    const decoded = (await m.query!('decode', { z: [0, 0, 0] }, x)) as Float32Array;
    expect(decoded.length).toBe(D);
    await expect(m.query!('interpolate', { from: 0, to: 5 }, x)).rejects.toThrow(/two digit indices from 0 to 4; got from=0, to=5/);
    await expect(m.query!('interpolate', { from: 0, to: 1, steps: 1 }, x)).rejects.toThrow(/steps from 2 to 32/);
    await expect(m.query!('decode', { z: [0] }, x)).rejects.toThrow(/z: an array of 3 finite numbers/);
    await expect(m.query!('sample' as never, {}, x)).rejects.toThrow(/"sample" is unknown/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });
});

describe('VAE in the training session (first 10,000 MNIST digits, 8,000/2,000 split)', () => {
  beforeAll(useTestBackend);
  let t: ReturnType<typeof createTestSession>;
  const settings = vaeSettings({ latent: 8, vaeHidden: 256, betaSchedule: 'linear', betaWarmupSteps: 100 });

  it('test −ELBO falls below the mean-image baseline; diagnostics are recorded; memory stays flat; bad K is refused', async () => {
    const files = (url: string) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url)));
    const data = await loadMnist(
      '',
      '10k',
      1,
      () => undefined,
      async (url) => files(url),
    );
    const baseline = meanImageCrossEntropy(data.train.images, data.train.n, data.test.images, data.test.n, 784);
    t = createTestSession();
    await t.init(settings);
    expect((t.last('reference')!.reference as ImageReference).meanImageBaseline?.bernoulli).toBeCloseTo(baseline, 6);
    const t0 = performance.now();
    const first = await t.evaluate();
    await t.step(20);
    const tensors = tf.memory().numTensors;
    await t.step(180);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await t.evaluate();
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `Session VAE 784-256-8, 200 steps of 64: test −ELBO ${first.elbo.toFixed(1)} → ${after.elbo.toFixed(1)} ` +
        `(reconstruction ${after.reconstruction.toFixed(1)} + KL ${after.kl.toFixed(2)}) vs mean-image baseline ${baseline.toFixed(1)} nats; ${seconds.toFixed(1)} s`,
    );
    expect(baseline).toBeGreaterThan(150);
    expect(after.step).toBe(200);
    expect(after.elbo).toBeLessThan(0.85 * baseline);
    expect(after.loss).toBe(after.elbo);
    expect(after.kl).toBeGreaterThan(2);
    const h = t.session.metrics();
    for (const name of ['train/kl', 'train/reconstruction', 'train/beta', 'train/elbo', 'test/elbo', 'diag/klTotal', 'diag/collapsed']) {
      expect(h[name]?.length, name).toBeGreaterThan(0);
    }
    expect(h['train/beta'].at(-1)!.value).toBe(1); // warm-up over
    expect(h['diag/collapsed'].at(-1)!.value).toBe(0);
    const snap = t.last('snapshot')!.snapshot;
    expect((snap.diagnostics.klPerDimension as Float32Array).length).toBe(8);
    expect((snap.diagnostics.priorSamples as Float32Array).length).toBe(PRIOR_SAMPLE_COUNT * 784);

    // The VAE needs 2 ≤ K ≤ 64: the session refuses K = 1 with the factory's message and keeps the run.
    await t.set({ ...settings, latent: 1 });
    expect(t.last('settings-rejected')!.error).toMatch(/latent size must be a whole number from 2 to 64; got 1/);
    expect((await t.evaluate()).step).toBe(200);
  });

  // Regression: the session once checkpointed weights no loss had been computed on, so
  // one-step chunks at SGD lr 10 "restored" weights that evaluated to NaN.
  it('after a NaN, the restored weights evaluate to a finite loss (one-step chunks)', async () => {
    await t.set({ ...settings, optimizer: 'sgd', learningRate: 10 });
    for (let i = 0; i < 10 && !t.last('notice'); i++) await t.step(1);
    expect(t.last('notice')!.message).toMatch(/loss (became (NaN|infinite)|exploded)/);
    expect(Number.isFinite((await t.evaluate()).loss)).toBe(true);
  });
});
