import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { History } from '../../src/engine/history';
import { betaOf, endPoint, monotoneCheck, overlayRuns, ratePath, whyNotComparable } from '../../src/panels/vae/rate-distortion-runs';
import { COMPARISONS, comparisonPatch } from '../../src/runs/compare-presets';
import { runComparison } from '../../src/runs/compare-run';
import { RD_TRACE, traceComparison, traceCurve } from '../../src/runs/rd-trace';
import type { RunRecord } from '../../src/state/run-record';
import { initialLabState, useLab } from '../../src/state/store';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

const settingsWith = (patch: Record<string, unknown>): Settings => {
  const r = applyPatch(defaultSettings(), patch);
  if (!r.ok) throw new Error(r.errors.join(' '));
  return r.settings;
};
const vae16 = settingsWith({ model: 'vae', latent: 16 });

/** A history with a train path and, unless `testAt` is null, one test point at `testAt`. */
function historyOf(rate: number, distortion: number, testAt: number | null = 100): History {
  const train = [10, 50, 100].map((step, i) => ({ step, rate: rate + 30 - 15 * i, distortion: distortion + 60 - 30 * i }));
  const h: History = {
    'train/kl': train.map((p) => ({ step: p.step, value: p.rate })),
    'train/reconstruction': train.map((p) => ({ step: p.step, value: p.distortion })),
  };
  if (testAt !== null) {
    h['test/kl'] = [{ step: testAt, value: rate }];
    h['test/reconstruction'] = [{ step: testAt, value: distortion }];
  }
  return h;
}

function run(id: string, settings: Settings, history: History, pinned = false): RunRecord {
  return { id, name: `run ${id}`, createdAt: 0, updatedAt: 0, settings, history, step: 100, weights: [], pinned };
}

describe('the rate–distortion panel’s other runs', () => {
  const runs = [
    run('cur', vae16, historyOf(10, 120)),
    run('b4', settingsWith({ model: 'vae', latent: 16, betaMax: 4 }), historyOf(2.29, 198.38)),
    run('b025', settingsWith({ model: 'vae', latent: 16, betaMax: 0.25 }), historyOf(27.33, 161.1)),
    run('b1', settingsWith({ model: 'vae', latent: 16, betaMax: 1 }), historyOf(10.12, 174.44), true), // pinned, not ticked
    run('k8', settingsWith({ model: 'vae', latent: 8, betaMax: 2 }), historyOf(5, 180)),
    run('ae', settingsWith({ model: 'autoencoder', latent: 16 }), { 'test/loss': [{ step: 5, value: 90 }] }),
    run('empty', settingsWith({ model: 'vae', latent: 16, betaMax: 2 }), {}),
    run('unticked', settingsWith({ model: 'vae', latent: 16, betaMax: 0.5 }), historyOf(17.23, 165.79)),
  ];

  it('draws pinned and ticked runs of the same model, data and K, ordered by β; names the rest with the reason', () => {
    const o = overlayRuns(runs, ['cur', 'b4', 'b025', 'k8', 'ae', 'empty'], 'cur', vae16);
    expect(o.drawn.map((e) => [e.id, e.beta, e.rate, e.distortion, e.step, e.from])).toEqual([
      ['b025', 0.25, 27.33, 161.1, 100, 'test'],
      ['b1', 1, 10.12, 174.44, 100, 'test'],
      ['b4', 4, 2.29, 198.38, 100, 'test'],
    ]);
    expect(o.notComparable).toEqual([
      { id: 'k8', name: 'run k8', why: 'K = 8, not 16' },
      { id: 'ae', name: 'run ae', why: 'a different model (autoencoder)' },
      { id: 'empty', name: 'run empty', why: 'no rate or distortion recorded' },
    ]);
    // The faint path is the train series: three points, the last at (rate + 0, distortion + 0).
    expect(o.drawn[0].path).toEqual([
      { rate: 57.33, distortion: 221.1 },
      { rate: 42.33, distortion: 191.1 },
      { rate: 27.33, distortion: 161.1 },
    ]);
    expect(whyNotComparable({ settings: { ...vae16, dataset: 'own-images' } }, vae16)).toBe('another dataset (own-images)');
  });

  it('ends a run at its last test point, else at its last train point; thins the path keeping the last point', () => {
    expect(endPoint(historyOf(3, 150, 100))).toEqual({ rate: 3, distortion: 150, step: 100, from: 'test' });
    expect(endPoint(historyOf(3, 150, null))).toEqual({ rate: 3, distortion: 150, step: 100, from: 'train' });
    expect(endPoint({})).toBeNull();
    const long: History = {
      'train/kl': Array.from({ length: 1000 }, (_, i) => ({ step: i + 1, value: 1000 - i })),
      'train/reconstruction': Array.from({ length: 1000 }, (_, i) => ({ step: i + 1, value: i })),
    };
    const path = ratePath(long);
    expect(path.length).toBeLessThanOrEqual(151);
    expect(path.at(-1)).toEqual({ rate: 1, distortion: 999 });
    expect(betaOf(settingsWith({ model: 'mult-vae', dataset: 'movielens-latest-small', betaCap: 0.2 }))).toBe(0.2);
    expect(betaOf(settingsWith({ model: 'vae', betaMax: 3 }))).toBe(3);
  });

  it('checks the order: rate falls and distortion rises with β, naming the first pair that breaks it', () => {
    // The test end points after 50 steps per β (K = 16, seed 1; measured by the claim below).
    const at50 = [
      { beta: 0.25, rate: 27.33, distortion: 161.1 },
      { beta: 0.5, rate: 17.23, distortion: 165.79 },
      { beta: 1, rate: 10.12, distortion: 174.44 },
      { beta: 2, rate: 6.33, distortion: 181.53 },
      { beta: 4, rate: 2.29, distortion: 198.38 },
    ];
    expect(monotoneCheck([...at50].reverse())).toEqual({ betas: 5, rateFalls: true, distortionRises: true, broken: null });
    // After 25 steps: the rate is in order, the distortion of β = 0.25 is still above β = 0.5's.
    const at25 = [
      { beta: 0.25, rate: 17.74, distortion: 198.45 },
      { beta: 0.5, rate: 12.38, distortion: 197.3 },
      { beta: 1, rate: 8.17, distortion: 199.81 },
    ];
    expect(monotoneCheck(at25)).toEqual({
      betas: 3,
      rateFalls: true,
      distortionRises: false,
      broken: 'distortion at β 0.5 (197.3) is not above distortion at β 0.25 (198.4)',
    });
    // Equal β says nothing; a rate that rises with β breaks it.
    expect(monotoneCheck([at50[0], { ...at50[0], rate: 1 }]).rateFalls).toBe(true);
    expect(monotoneCheck([at50[0], { ...at50[1], rate: 30 }])).toMatchObject({ rateFalls: false, distortionRises: true });
    expect(monotoneCheck([]).betas).toBe(0);
  });
});

describe('“Trace the curve”', () => {
  beforeEach(() => useLab.setState(initialLabState()));

  it('is the current VAE with only β changed, constant, on the comparison’s seed', () => {
    const current = settingsWith({ model: 'vae', latent: 8, vaeHidden: 64, likelihood: 'gaussian', betaSchedule: 'linear', betaMax: 1, seed: 5 });
    const c = traceComparison(current, 60);
    expect(c.steps).toBe(60);
    expect(c.configs.map((x) => x.label)).toEqual(['β = 0.25', 'β = 0.5', 'β = 1', 'β = 2', 'β = 4']);
    const patch = comparisonPatch(c.configs[3], current, 5);
    const armed = applyPatch(current, patch);
    expect(armed.ok).toBe(true);
    const s = armed.settings;
    expect([s.model, s.latent, s.vaeHidden, s.likelihood, s.betaSchedule, s.betaMax, s.seed, s.dataset]).toEqual(['vae', 8, 64, 'gaussian', 'constant', 2, 5, 'mnist']);
  });

  /**
   * A fake engine and runs controller: each step(k) is saved with weights a moment later, and,
   * as the runs controller does on the snapshot a live setting brings, a settings change saves
   * the current run again with the settings then in force.
   */
  function fakes(options: { failAt?: number } = {}) {
    const patches: Record<string, unknown>[] = [];
    const opened: string[] = [];
    let n = 0;
    const save = (id: string, step: number) =>
      setTimeout(() => {
        const s = useLab.getState();
        const old = s.runs.find((r) => r.id === id);
        useLab.setState({ runs: [{ ...run(id, s.settings, {}), name: old?.name ?? `auto ${id}`, step }, ...s.runs.filter((r) => r.id !== id)] });
      }, 5);
    const saveCurrent = () => {
      const s = useLab.getState();
      const current = s.runs.find((r) => r.id === s.currentRunId);
      if (current) save(current.id, current.step);
    };
    const engine = {
      pause: () => undefined,
      set: async (patch: Record<string, unknown>) => {
        patches.push(patch);
        if (options.failAt !== undefined && patches.length === options.failAt) throw new Error('refused');
        const r = applyPatch(useLab.getState().settings, patch);
        useLab.setState({ settings: r.settings });
        saveCurrent();
        return r.settings;
      },
      reset: async () => void useLab.setState({ currentRunId: `arm${++n}` }),
      step: async (k: number) => {
        save(useLab.getState().currentRunId!, k);
        return { step: k };
      },
    };
    // The first rename of each run races a save queued before it, which lands later than the settle time with the old name.
    let queued: Promise<void> = Promise.resolve();
    const renamed = new Set<string>();
    const runs = {
      update: async (id: string, change: { name: string }) => {
        useLab.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change } : r)) }));
        if (renamed.has(id)) return;
        renamed.add(id);
        queued = new Promise((resolve) =>
          setTimeout(() => {
            useLab.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, name: `auto ${id}` } : r)) }));
            resolve();
          }, 40),
        );
      },
      idle: () => queued,
      open: async (r: RunRecord) => {
        opened.push(r.id);
        await engine.set(r.settings);
        await engine.reset();
        useLab.setState({ currentRunId: r.id });
      },
    };
    return { engine, runs, patches, opened };
  }

  it('saves and ticks one run per β, then reopens the run that was current', async () => {
    const mine = settingsWith({ model: 'vae', latent: 16, betaMax: 1.5 });
    useLab.setState({ settings: mine, currentRunId: 'mine', snapshot: { step: 30 } as never, runs: [run('mine', mine, {})] });
    const { engine, runs, patches, opened } = fakes();
    const progress: string[] = [];
    const ids = await traceCurve({ engine, runs, steps: 7, seed: 1, settleMs: 15, saveTimeoutMs: 2000, onProgress: (p) => progress.push(`${p.label}:${p.phase}`) });
    expect(ids).toEqual(['arm1', 'arm2', 'arm3', 'arm4', 'arm5']);
    expect(useLab.getState().overlayIds).toEqual(ids);
    expect(patches.slice(0, 5).map((p) => p.betaMax)).toEqual(RD_TRACE.betas);
    expect(ids.map((id) => useLab.getState().runs.find((r) => r.id === id)?.name)).toEqual(RD_TRACE.betas.map((b) => `R–D trace: β = ${b}`));
    expect(progress.filter((p) => p.endsWith(':done'))).toHaveLength(5);
    // Each saved run keeps its own β: the next arm's β (a live setting) and the restored run's are not saved onto it.
    await new Promise((r) => setTimeout(r, 30));
    expect(ids.map((id) => useLab.getState().runs.find((r) => r.id === id)?.settings.betaMax)).toEqual(RD_TRACE.betas);
    expect(useLab.getState().runs.find((r) => r.id === 'mine')?.settings.betaMax).toBe(1.5);
    // The learner's run is back, with its β.
    expect(opened).toEqual(['mine']);
    expect(useLab.getState().currentRunId).toBe('mine');
    expect(useLab.getState().settings.betaMax).toBe(1.5);
  });

  it('a one-click comparison leaves the learner’s run as it was saved: the first arm’s settings are not saved onto it', async () => {
    const mine = settingsWith({ model: 'autoencoder', latent: 32, seed: 4 });
    useLab.setState({ settings: mine, currentRunId: 'mine', snapshot: { step: 30 } as never, runs: [run('mine', mine, {})] });
    const { engine, runs, patches } = fakes();
    const c = COMPARISONS.find((x) => x.id === 'sparsity-strength')!;
    const ids = await runComparison(c, { engine, runs, steps: 5, seed: 4, settleMs: 15, saveTimeoutMs: 2000 });
    expect(ids).toHaveLength(c.configs.length);
    expect(patches[0].model).toBe('sparse');
    await new Promise((r) => setTimeout(r, 30));
    const saved = useLab.getState().runs.find((r) => r.id === 'mine')!;
    expect([saved.settings.model, saved.settings.latent]).toEqual(['autoencoder', 32]);
    // Each arm keeps its own settings too.
    expect(ids.map((id) => useLab.getState().runs.find((r) => r.id === id)?.settings.sparsityWeight)).toEqual([0, 1, 3, 10]);

    // A learner's run that is never saved (not kept: no storage) does not hold the comparison up.
    useLab.setState({ settings: mine, currentRunId: 'unsaved', snapshot: { step: 30 } as never, runs: [] });
    const again = fakes();
    expect(await runComparison(c, { engine: again.engine, runs: again.runs, steps: 5, seed: 4, settleMs: 15, saveTimeoutMs: 300 })).toHaveLength(c.configs.length);
  });

  it('Stop finishes the β in progress and skips the rest; a refused arm throws; both give the run back', async () => {
    const mine = settingsWith({ model: 'vae', latent: 16 });
    useLab.setState({ settings: mine, currentRunId: 'mine', snapshot: { step: 30 } as never, runs: [run('mine', mine, {})] });
    let f = fakes();
    let stop = false;
    const ids = await traceCurve({
      ...f,
      steps: 3,
      seed: 1,
      settleMs: 15,
      onProgress: (p) => (stop ||= p.phase === 'done'),
      cancelled: () => stop,
    });
    expect(ids).toEqual(['arm1']);
    expect(f.opened).toEqual(['mine']);

    f = fakes({ failAt: 2 });
    await expect(traceCurve({ ...f, steps: 3, seed: 1, settleMs: 15 })).rejects.toThrow('refused');
    expect(f.opened).toEqual(['mine']);

    // A run that never trained (step 0) is not saved: its settings come back in a fresh run.
    useLab.setState({ settings: settingsWith({ model: 'vae', latent: 16, betaMax: 3, seed: 9 }), currentRunId: 'fresh', snapshot: { step: 0 } as never });
    f = fakes();
    await traceCurve({ ...f, steps: 2, seed: 9, settleMs: 15 });
    expect(f.opened).toEqual([]);
    expect(f.patches.at(-1)).toMatchObject({ betaMax: 3, betaSchedule: 'constant', seed: 9, latent: 16 });
    expect(useLab.getState().settings.betaMax).toBe(3);
  });
});

describe(`the claim: from ${RD_TRACE.minSteps} steps per β the end points are in order (Node, WASM)`, () => {
  beforeAll(useTestBackend);

  it(`K = ${RD_TRACE.claim.latent}, seed ${RD_TRACE.claim.seed}, β = ${RD_TRACE.betas.join(', ')}: rate falls and distortion rises; memory flat`, async () => {
    const t = createTestSession();
    const ends = [];
    const tensors: number[] = [];
    for (const [i, beta] of RD_TRACE.betas.entries()) {
      const s = settingsWith({ ...RD_TRACE.claim, betaSchedule: 'constant', betaMax: beta });
      if (i === 0) await t.init(s);
      else {
        await t.set(s);
        await t.session.handle({ type: 'reset', id: -1 });
      }
      await t.step(RD_TRACE.minSteps);
      tensors.push(tf.memory().numTensors);
      const end = endPoint(t.session.metrics());
      expect(end?.step).toBe(RD_TRACE.minSteps);
      expect(end?.from).toBe('test');
      ends.push({ beta, rate: end!.rate, distortion: end!.distortion });
    }
    console.log(ends.map((e) => `β ${e.beta}: R ${e.rate.toFixed(2)} D ${e.distortion.toFixed(2)}`).join('; '));
    expect(monotoneCheck(ends)).toEqual({ betas: 5, rateFalls: true, distortionRises: true, broken: null });
    // The extremes are far apart, not a rounding: β = 4 keeps under a fifth of β = 0.25's rate.
    expect(ends[4].rate).toBeLessThan(ends[0].rate / 5);
    expect(ends[4].distortion - ends[0].distortion).toBeGreaterThan(20);
    // Same architecture each time: a fresh run frees the last one's tensors.
    expect(new Set(tensors.slice(1)).size).toBe(1);
  }, 240_000);
});
