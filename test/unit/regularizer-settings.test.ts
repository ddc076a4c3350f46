import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedVariable } from '../../src/engine/protocol';
import { ACTIVATIONS } from '../../src/models/activations';
import { activeThreshold, histogramRange } from '../../src/models/ae-diagnostics';
import { CORRUPTION_KINDS } from '../../src/models/corruption';
import type { DenseAe } from '../../src/models/dense-ae';
import { denseFromSettings } from '../../src/models/dense-from-settings';
import { buildModel as createModel } from '../../src/engine/build-model';
import { modelsUsing } from '../../src/families';
import { activeThresholdOf, codeHistogramRange, distancesFromFirst, pushAlong, randomDirection } from '../../src/panels/regularizers/code-view';
import { paintStroke } from '../../src/panels/regularizers/pad-brush';
import { runComparison } from '../../src/runs/compare-run';
import { COMPARISONS, comparisonPatch } from '../../src/runs/compare-presets';
import { firstLayerRows, runSeries } from '../../src/runs/compare-weights';
import type { RunRecord } from '../../src/state/run-record';
import { parseHiddenLayers, REGULARIZER_LIVE_KEYS, REGULARIZER_SETTINGS } from '../../src/settings/regularizer-settings';
import { defaultSettings, SETTINGS, type Settings } from '../../src/settings/schema';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';
import { applyPatch } from '../../src/settings/validate';
import { initialLabState, useLab } from '../../src/state/store';
import { useTestBackend } from './tf-setup';

const DENSE = ['autoencoder', 'sparse', 'denoising', 'contractive'];
const err = (patch: Record<string, unknown>, base: Settings = defaultSettings()) => applyPatch(base, patch).errors.join(' ');

describe('regularizer settings', () => {
  it('have the agreed defaults, name their models, and say which keys start a new run', () => {
    const d = defaultSettings();
    expect([d.hiddenLayers, d.activation, d.lossKind, d.sparsityKind, d.sparsityWeight, d.sparsityTarget, d.noiseKind, d.noiseLevel, d.contractionWeight]).toEqual([
      '',
      'sigmoid',
      'cross-entropy',
      'kl',
      1,
      0.05,
      'masking',
      0.3,
      0.1,
    ]);
    for (const k of ['hiddenLayers', 'activation', 'lossKind'] as const) expect(modelsUsing(k), k).toEqual(DENSE);
    for (const k of ['sparsityKind', 'sparsityWeight', 'sparsityTarget'] as const) expect(modelsUsing(k), k).toEqual(['sparse']);
    for (const k of ['noiseKind', 'noiseLevel'] as const) expect(modelsUsing(k), k).toEqual(['denoising']);
    expect(modelsUsing('contractionWeight')).toEqual(['contractive']);
    expect(Object.keys(REGULARIZER_SETTINGS).filter((k) => !SETTINGS[k as keyof typeof SETTINGS].resets)).toEqual([...REGULARIZER_LIVE_KEYS]);
    const r = applyPatch(d, {
      model: 'sparse',
      hiddenLayers: '256-64',
      activation: 'relu',
      lossKind: 'squared',
      sparsityKind: 'l1',
      sparsityWeight: 0.1,
      noiseLevel: 0.5,
      contractionWeight: 1,
    });
    expect(r.errors).toEqual([]);
    expect(r.resetKeys).toEqual(['model', 'hiddenLayers', 'activation', 'lossKind']); // the regularizer weights apply live
    // The weights get a log slider that starts above 0 (log 0 is −∞); 0 itself is still valid.
    for (const k of ['sparsityWeight', 'contractionWeight'] as const) expect(SETTINGS[k].control).toMatchObject({ kind: 'number', log: true, min: 0.001, max: 10 });
  });

  it('refuse bad values with messages that name the setting, applying nothing', () => {
    expect(err({ sparsityWeight: -1 })).toMatch(/sparsityWeight must be at least 0 \(got -1\)/);
    expect(err({ sparsityWeight: 11 })).toMatch(/sparsityWeight must be at most 10/);
    expect(err({ contractionWeight: -0.1 })).toMatch(/contractionWeight must be at least 0/);
    expect(err({ contractionWeight: 'lots' })).toMatch(/contractionWeight must be a number/);
    expect(err({ noiseLevel: 1.5 })).toMatch(/noiseLevel must be at most 1 \(got 1.5\)/);
    expect(err({ noiseLevel: -0.1 })).toMatch(/noiseLevel must be at least 0/);
    expect(err({ sparsityTarget: 0 })).toMatch(/sparsityTarget ρ must be above 0/);
    expect(err({ sparsityTarget: 1 })).toMatch(/sparsityTarget ρ must be below 1/);
    expect(err({ latent: 0 })).toMatch(/latent must be at least 1 \(got 0\)/);
    expect(err({ latent: 1025 })).toMatch(/latent must be at most 1024/);
    expect(err({ activation: 'softplus' })).toMatch(/activation must be "sigmoid", "relu" or "tanh"/);
    expect(err({ lossKind: 'l2' })).toMatch(/lossKind must be "squared" or "cross-entropy"/);
    expect(err({ noiseKind: 'dropout' })).toMatch(/noiseKind must be "masking", "gaussian" or "salt-and-pepper"/);
    expect(err({ sparsityKind: 'l2' })).toMatch(/sparsityKind must be "l1" or "kl"/);
    for (const bad of ['256-', '-256', 'abc', '256--64', '256 64', '2.5', '1e3'])
      expect(err({ hiddenLayers: bad }), bad).toMatch(/hiddenLayers must be whole-number widths joined by "-"/);
    expect(err({ hiddenLayers: '0' })).toMatch(/each hidden layer in hiddenLayers must have from 1 to 1024 units/);
    expect(err({ hiddenLayers: '256-2000' })).toMatch(/from 1 to 1024 units/);
    expect(err({ hiddenLayers: '8-8-8-8-8' })).toMatch(/at most 4 layers/);
    expect(err({ hiddenLayers: true })).toMatch(/hiddenLayers must be text/);
    const base = defaultSettings();
    const two = applyPatch(base, { sparsityWeight: 2, noiseLevel: 7 });
    expect(two.ok).toBe(false);
    expect(two.settings).toBe(base);
  });

  it('accept the hidden-layer forms the lab and the chapters use', () => {
    const ok = (v: unknown) => applyPatch(defaultSettings(), { hiddenLayers: v });
    for (const v of ['', '256', '256-64', '512,128', '1000-500-250', '1-1024']) expect(ok(v).settings.hiddenLayers, v).toBe(v);
    expect(ok(256).settings.hiddenLayers).toBe('256');
    expect(ok(' 256-64 ').settings.hiddenLayers).toBe('256-64');
    expect([parseHiddenLayers(''), parseHiddenLayers('256'), parseHiddenLayers('256-64'), parseHiddenLayers('512,128')]).toEqual([[], [256], [256, 64], [512, 128]]);
  });

  it('round-trip through the URL hash, strings staying strings', () => {
    const s = { ...defaultSettings(), model: 'sparse' as const, latent: 196, hiddenLayers: '256', activation: 'relu' as const, sparsityKind: 'l1' as const, sparsityWeight: 0.1 };
    expect(decodeHash(encodeHash(s)).settings).toEqual(s);
    const bad = decodeHash('#/lab?v=1&model=denoising&noiseLevel=3&hiddenLayers=big');
    expect(bad.settings.noiseLevel).toBe(0.3);
    expect(bad.settings.hiddenLayers).toBe('');
    expect(bad.notices.join(' ')).toMatch(/noiseLevel=3 is invalid/);
  });

  it('list the same options as the models, and the panels mirror the diagnostics’ ranges', () => {
    const options = (k: 'activation' | 'noiseKind') => {
      const c = SETTINGS[k].control;
      return c.kind === 'select' ? c.options.map((o) => o.value).sort() : [];
    };
    expect(options('activation')).toEqual([...ACTIVATIONS].sort());
    expect(options('noiseKind')).toEqual([...CORRUPTION_KINDS].sort());
    for (const a of ACTIVATIONS) {
      expect(codeHistogramRange(a)).toEqual(histogramRange(a));
      expect(activeThresholdOf(a)).toBe(activeThreshold(a));
    }
  });
});

describe('denseFromSettings', () => {
  beforeAll(useTestBackend);
  const made: DenseAe[] = [];
  afterEach(() => made.splice(0).forEach((m) => m.dispose()));
  const D = 12;
  const build = (patch: Partial<Settings>) => {
    const m = denseFromSettings({ ...defaultSettings(), latent: 4, ...patch } as Settings, D, 5);
    made.push(m);
    return m;
  };
  const probe = () =>
    tf.tensor2d(
      Array.from({ length: 6 * D }, (_, i) => ((i * 7) % 11) / 10),
      [6, D],
    );

  it('builds each family with its architecture and live parameters from the settings', async () => {
    const live = { sparsityKind: 'kl', sparsityWeight: 2.5, sparsityTarget: 0.1, noiseKind: 'gaussian', noiseLevel: 0.4, contractionWeight: 0.7 } as const;
    for (const family of DENSE) {
      const m = build({ model: family as Settings['model'], ...live });
      expect(m.family).toBe(family);
      expect(m.liveParams()).toEqual(live);
    }
    const deep = build({ model: 'contractive', hiddenLayers: '8-6', activation: 'tanh', latent: 3 });
    expect(deep.hidden).toEqual([8, 6]);
    expect(deep.activation).toBe('tanh');
    expect(
      Object.fromEntries(
        Object.entries(deep.variables())
          .filter(([k]) => k.endsWith('kernel'))
          .map(([k, v]) => [k, v.shape]),
      ),
    ).toMatchObject({
      'encoder/layer0/kernel': [D, 8],
      'encoder/layer1/kernel': [8, 6],
      'code/kernel': [6, 3],
      'decoder/out/kernel': [8, D],
    });
    const tied = build({ model: 'autoencoder', tiedWeights: true });
    expect(Object.keys(tied.variables()).sort()).toEqual(['decoder/bias', 'encoder/bias', 'encoder/kernel']);
    // The registry routes the four names here.
    const viaRegistry = (await createModel({ ...defaultSettings(), model: 'denoising', latent: 4 }, D)) as DenseAe;
    made.push(viaRegistry);
    expect(viaRegistry.family).toBe('denoising');
  });

  it('uses the chosen reconstruction loss: squared error vs cross-entropy on the same weights', async () => {
    const x = probe();
    const sq = build({ model: 'autoencoder', lossKind: 'squared' });
    const ce = build({ model: 'autoencoder', lossKind: 'cross-entropy' });
    const [rec, sse, bce] = tf.tidy(() => {
      const xHat = sq.reconstruct(x);
      // Σ_i (x̂ − x)², and Σ_i −[x log x̂ + (1−x) log(1−x̂)], batch means
      const s = tf.mean(tf.sum(tf.square(tf.sub(xHat, x)), 1));
      const c = tf.mean(tf.sum(tf.neg(tf.add(tf.mul(x, tf.log(xHat)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, xHat))))), 1));
      return [sq.evalLoss(x).terms.reconstruction, s, c];
    });
    const ceLoss = tf.tidy(() => ce.evalLoss(x).terms.reconstruction);
    const [a, b, c, e] = await Promise.all([rec, sse, ceLoss, bce].map(async (t) => (await t.data())[0]));
    expect(a).toBeCloseTo(b, 4); // same seed → same weights, so the CE model's x̂ is the same too
    expect(c).toBeCloseTo(e, 3);
    expect(c).toBeGreaterThan(a);
    tf.dispose([x, rec, sse, bce, ceLoss]);
  });

  it('takes live changes from the whole settings object and refuses a bad combination without changing anything', () => {
    const m = build({ model: 'sparse', activation: 'relu', sparsityKind: 'l1' });
    m.setLive!({ ...defaultSettings(), model: 'sparse', sparsityKind: 'l1', sparsityWeight: 0.2, learningRate: 0.01 });
    expect(m.liveParams().sparsityWeight).toBe(0.2);
    expect(() => m.setLive!({ sparsityKind: 'kl', sparsityWeight: 9 })).toThrow(/KL sparsity .* needs sigmoid code units/);
    expect(m.liveParams()).toMatchObject({ sparsityKind: 'l1', sparsityWeight: 0.2 });
    expect(() => build({ model: 'sparse', activation: 'relu', sparsityKind: 'kl' })).toThrow(/needs sigmoid code units; this model uses relu/);
    // Only the sparse family cares: a denoising ReLU model with the default KL kind builds.
    expect(build({ model: 'denoising', activation: 'relu' }).family).toBe('denoising');
  });

  it('adds per-unit dead marks and per-input active fractions that agree with the summary numbers', async () => {
    const before = tf.memory().numTensors;
    const m = build({ model: 'sparse', activation: 'relu', sparsityKind: 'l1', latent: 6 });
    // Kill unit 2 for sure: a large negative bias keeps relu(a) at 0 on every input.
    tf.tidy(() => m.variables()['encoder/bias'].assign(tf.tensor1d([0, 0, -100, 0, 0, 0])));
    const x = probe();
    const d = await m.diagnostics!(x);
    const dead = d.deadMask as Float32Array;
    const perInput = d.activePerInput as Float32Array;
    expect(dead).toHaveLength(6);
    expect(perInput).toHaveLength(6);
    expect(dead[2]).toBe(1);
    expect(dead.reduce((a, b) => a + b, 0)).toBe(d.deadUnits);
    expect(perInput.reduce((a, b) => a + b, 0) / perInput.length).toBeCloseTo(d.activeFraction as number, 5);
    for (const f of perInput) expect(f).toBeLessThanOrEqual(5 / 6 + 1e-6); // unit 2 is never on
    x.dispose();
    m.dispose();
    made.pop();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('comparisons', () => {
  it('every arm of every preset comparison is valid, shares the seed and keeps the data', () => {
    const current = { ...defaultSettings(), latent: 3, seed: 9, dataSize: 'full' as const, logScale: false, backend: 'wasm' as const };
    for (const c of COMPARISONS) {
      expect(c.configs.length, c.id).toBeGreaterThanOrEqual(2);
      for (const arm of c.configs) {
        const r = applyPatch(current, comparisonPatch(arm, current, 42));
        expect(r.errors, `${c.id}: ${arm.label}`).toEqual([]);
        expect([r.settings.seed, r.settings.dataSize, r.settings.backend, r.settings.logScale]).toEqual([42, 'full', 'wasm', false]);
        expect(r.settings.model).toBe(arm.settings.model);
      }
    }
    const trap = COMPARISONS.find((c) => c.id === 'identity-trap')!;
    expect(trap.configs.map((a) => a.settings.model)).toEqual(['autoencoder', 'sparse', 'denoising']);
    expect(new Set(trap.configs.map((a) => a.settings.latent))).toEqual(new Set([1024])); // overcomplete, the same for all
  });

  it('turns a saved first encoder kernel [D × H] into H rows of D pixels', () => {
    // W[i, j] = 10 i + j for D = 3, H = 2
    const w: ExportedVariable = { name: 'encoder/kernel', shape: [3, 2], values: Float32Array.from([0, 1, 10, 11, 20, 21]) };
    expect(firstLayerRows([{ name: 'decoder/kernel', shape: [2, 3], values: new Float32Array(6) }, w], 3)).toEqual({
      rows: Float32Array.from([0, 10, 20, 1, 11, 21]),
      count: 2,
      name: 'encoder/kernel',
    });
    const deep: ExportedVariable = { name: 'encoder/layer0/kernel', shape: [3, 1], values: Float32Array.from([1, 2, 3]) };
    expect(firstLayerRows([{ ...w, name: 'code/kernel' }, deep], 3)?.name).toBe('encoder/layer0/kernel');
    expect(firstLayerRows(null, 3)).toBeNull();
    expect(firstLayerRows([w], 784)).toBeNull();
    expect(runSeries({ history: { 'test/loss': [{ step: 1, value: 5 }] } }, 'test/reconstruction')).toEqual([{ step: 1, value: 5 }]);
  });

  it('runs each arm on the same seed, waits for its saved weights, names the runs and ticks them for overlay', async () => {
    useLab.setState(initialLabState());
    const patches: Record<string, unknown>[] = [];
    let n = 0;
    const save = (id: string, step: number, weights: boolean) =>
      setTimeout(() => {
        const s = useLab.getState();
        const record = {
          id,
          name: `auto ${id}`,
          createdAt: 0,
          updatedAt: Date.now(),
          settings: s.settings,
          history: {},
          step,
          weights: weights ? [] : null,
          pinned: false,
        } as RunRecord;
        useLab.setState({ runs: [record, ...s.runs.filter((r) => r.id !== id)] });
      }, 5);
    const engine = {
      pause: () => undefined,
      set: async (patch: Record<string, unknown>) => {
        patches.push(patch);
        const r = applyPatch(useLab.getState().settings, patch);
        if (!r.ok) throw new Error(r.errors.join(' '));
        useLab.setState({ settings: r.settings });
        return r.settings;
      },
      reset: async () => void useLab.setState({ currentRunId: `run${++n}` }),
      step: async (k: number) => {
        const id = useLab.getState().currentRunId!;
        save(id, k - 1, true); // a save from mid-training does not count…
        save(id, k, false); // …nor one without weights
        setTimeout(() => save(id, k, true), 20);
        return { step: k };
      },
    };
    const renamed = new Set<string>();
    const runs = {
      update: async (id: string, change: { name: string }) => {
        useLab.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change } : r)) }));
        // The first rename is overwritten by a save that was already queued with the old name.
        if (!renamed.has(id)) setTimeout(() => save(id, 7, true), 10);
        renamed.add(id);
      },
    };
    const c = COMPARISONS.find((x) => x.id === 'contractive-vs-plain')!;
    const phases: string[] = [];
    const ids = await runComparison(c, { engine, runs, steps: 7, seed: 3, settleMs: 200, saveTimeoutMs: 2000, onProgress: (p) => phases.push(`${p.index}:${p.phase}`) });
    expect(ids).toEqual(['run1', 'run2']);
    expect(patches.map((p) => [p.model, p.seed])).toEqual([
      ['autoencoder', 3],
      ['contractive', 3],
    ]);
    expect(useLab.getState().overlayIds).toEqual(['run1', 'run2']);
    expect(useLab.getState().runs.find((r) => r.id === 'run1')?.name).toBe('Contraction: plain, K = 196');
    expect(useLab.getState().runs.find((r) => r.id === 'run2')?.name).toBe('Contraction: contractive, λ = 0.1');
    expect(phases).toEqual(['0:training', '0:saving', '0:done', '1:training', '1:saving', '1:done']);

    // A run that never reaches IndexedDB stops the comparison with a message.
    const lost = { ...engine, step: async (k: number) => ({ step: k }) };
    await expect(runComparison(c, { engine: lost, runs, seed: 3, steps: 2, settleMs: 5, saveTimeoutMs: 60 })).rejects.toThrow(/was not saved within/);
    // A refused arm stops it with the schema's message.
    const bad = { ...c, configs: [c.configs[0], { label: 'bad', settings: { model: 'contractive', contractionWeight: -1 } }] };
    await expect(runComparison(bad, { engine, runs, seed: 3, steps: 2, settleMs: 5 })).rejects.toThrow(/contractionWeight must be at least 0/);
  });
});

describe('panel helpers', () => {
  it('a random direction has unit length and is fixed by its seed; pushes move by exactly ε', () => {
    const u = randomDirection(7, 784);
    expect(Math.hypot(...u)).toBeCloseTo(1, 5);
    expect(randomDirection(7, 784)).toEqual(u);
    expect(randomDirection(8, 784)).not.toEqual(u);
    const x = new Float32Array(784).fill(0.2);
    const rows = pushAlong(x, u, [0, 1, 4]);
    expect(distancesFromFirst(rows, 784).map((v) => Number(v.toFixed(4)))).toEqual([0, 1, 4]);
  });

  it('the pad brush inks along a stroke and the eraser masks it out', () => {
    const mnist = { width: 28, height: 28, channels: 1 };
    const img = new Float32Array(784);
    paintStroke(img, mnist, [4, 14], [24, 14], 'draw'); // a horizontal line through row 14
    for (let x = 5; x < 24; x++) expect(img[13 * 28 + x], `x=${x}`).toBeGreaterThan(0.9);
    expect(img[2 * 28 + 14]).toBe(0); // far from the line
    const inked = img.filter((v) => v > 0).length;
    expect(inked).toBeGreaterThan(60);
    expect(inked).toBeLessThan(130); // about 3 pixels wide, not a blob
    paintStroke(img, mnist, [14, 10], [14, 18], 'erase');
    expect(img[13 * 28 + 14]).toBe(0);
    expect(img[13 * 28 + 6]).toBeGreaterThan(0.9);
  });

  it('the pad brush paints into images of any size, clipped at their edges', () => {
    // 16 wide, 10 high: a stroke along row 5 that runs off the right edge.
    const wide = { width: 16, height: 10, channels: 1 };
    const img = new Float32Array(16 * 10);
    paintStroke(img, wide, [2, 5.5], [30, 5.5], 'draw');
    for (let x = 3; x < 16; x++) expect(img[5 * 16 + x], `x=${x}`).toBeGreaterThan(0.9);
    expect(img[0]).toBe(0);
    expect(img[9 * 16 + 8]).toBe(0);
    // Two channels: the ink goes into both.
    const rgb = new Float32Array(8 * 8 * 2);
    paintStroke(rgb, { width: 8, height: 8, channels: 2 }, [4.5, 4.5], [4.5, 4.5], 'draw');
    expect(rgb[(4 * 8 + 4) * 2]).toBeGreaterThan(0.9);
    expect(rgb[(4 * 8 + 4) * 2 + 1]).toBe(rgb[(4 * 8 + 4) * 2]);
  });
});
