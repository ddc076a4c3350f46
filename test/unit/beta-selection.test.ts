// Liang et al.'s β selection (2018, §2.2.2, Fig. 1): the uncapped sweep as values of the β settings,
// validation NDCG@100 paired with β, its peak, the retrain's cap, and a sweep trained in a session.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAll, type History } from '../../src/engine/history';
import { familyOf } from '../../src/families';
import { PANEL_IDS } from '../../src/families/panel-ids';
import { CHAPTERS } from '../../src/learn/chapters';
import { mathIn } from '../../src/learn/prose-parse';
import { stepPatch } from '../../src/learn/step-preset';
import { renderTex } from '../../src/learn/tex-render';
import { annealedBeta } from '../../src/models/mult-vae';
import { ndcgPeak, pairNdcgWithBeta, retrainCap, scheduleFollowed } from '../../src/panels/recsys/beta-selection';
import { PRESETS, presetSettings } from '../../src/settings/presets';
import { BETA_SWEEP, cappedBeta, resolveAnnealSteps } from '../../src/settings/recsys-settings';
import { defaultSettings } from '../../src/settings/schema';
import { decodeHash, encodeHash } from '../../src/settings/url-hash';
import { applyPatch } from '../../src/settings/validate';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

const multVae = { ...defaultSettings(), model: 'mult-vae' as const, dataset: 'movielens-100k' as const };

describe('pairing validation NDCG@100 with β, and its peak', () => {
  // Out of order, with a tie at the top (steps 250 and 400).
  const ndcg = [
    { step: 100, value: 0.3 },
    { step: 0, value: 0.05 },
    { step: 250, value: 0.36 },
    { step: 400, value: 0.36 },
    { step: 500, value: 0.31 },
  ];

  it('pairs each point with β_S = min(β_cap, S / T), sorted by step', () => {
    expect(pairNdcgWithBeta(ndcg, { annealSteps: 500, cap: 1 })).toEqual([
      { step: 0, beta: 0, ndcg: 0.05 },
      { step: 100, beta: 0.2, ndcg: 0.3 },
      { step: 250, beta: 0.5, ndcg: 0.36 },
      { step: 400, beta: 0.8, ndcg: 0.36 },
      { step: 500, beta: 1, ndcg: 0.31 },
    ]);
    // Capped at 0.3: every point from step 150 on sits at the cap.
    expect(pairNdcgWithBeta(ndcg, { annealSteps: 500, cap: 0.3 }).map((p) => p.beta)).toEqual([0, 0.2, 0.3, 0.3, 0.3]);
    expect(pairNdcgWithBeta([], { annealSteps: 500, cap: 1 })).toEqual([]);
  });

  it('finds the highest NDCG (the earliest on a tie: the smaller β), skipping NaN; none when empty', () => {
    const pairs = pairNdcgWithBeta(ndcg, { annealSteps: 500, cap: 1 });
    expect(ndcgPeak(pairs)).toEqual({ step: 250, beta: 0.5, ndcg: 0.36 });
    expect(ndcgPeak([{ step: 3, beta: 0.1, ndcg: Number.NaN }, ...pairs.slice(0, 2)])).toEqual({ step: 100, beta: 0.2, ndcg: 0.3 });
    expect(ndcgPeak([])).toBeNull();
  });

  it('rounds the retrain’s cap to 2 decimals', () => {
    expect(retrainCap(0.2349)).toBe(0.23);
    expect(retrainCap(0.236)).toBe(0.24);
    expect(retrainCap(1)).toBe(1);
    expect(retrainCap(0)).toBe(0);
  });

  it('checks the recorded train/beta (chunk means) against the schedule', () => {
    const schedule = { annealSteps: 100, cap: 1 };
    // Chunks [0, 4) and [4, 12): means of 0, .01, .02, .03 and of .04 … .11.
    const recorded = [
      { step: 4, value: 0.015 },
      { step: 12, value: 0.075 },
    ];
    expect(scheduleFollowed(recorded, schedule)).toBe(true);
    expect(scheduleFollowed(recorded.slice(1), schedule)).toBe(true); // the step-4 record thinned away
    expect(scheduleFollowed([...recorded, { step: 8, value: 0.06 }], schedule)).toBe(true); // a restored checkpoint
    // β cap raised to 5 mid-run: β(19) = 0.19 is the most chunk [12, 20) could have used.
    expect(scheduleFollowed([...recorded, { step: 20, value: 0.5 }], schedule)).toBe(false);
    // Anneal steps shortened mid-run: a chunk mean below β at the previous record.
    expect(scheduleFollowed([...recorded, { step: 20, value: 0.05 }], schedule)).toBe(false);
    expect(scheduleFollowed([], schedule)).toBe(true);
  });
});

describe('the uncapped sweep is β cap 1 with anneal steps = the run’s length', () => {
  it('reaches β = 1 at the run’s end and not before; the model’s rule and the panels’ agree', () => {
    const T = BETA_SWEEP.annealSteps;
    expect(BETA_SWEEP.betaCap).toBe(1);
    for (let t = 0; t <= T + 10; t++) {
      const beta = cappedBeta(t, T, 1);
      expect(annealedBeta(t, T, 1)).toBe(beta);
      if (t < T) expect(beta).toBeLessThan(1);
      else expect(beta).toBe(1);
    }
    expect(cappedBeta(T / 2, T, 1)).toBe(0.5);
    // 'auto' resolves to a step count first (855 for one update per epoch), then the same rule.
    const auto = resolveAnnealSteps('auto', 515, 500);
    expect(auto).toBe(855);
    expect(annealedBeta(auto - 1, auto, 1)).toBeLessThan(1);
    expect(annealedBeta(auto, auto, 1)).toBe(1);
  });

  it('validates from lab.set, the controls (text) and the URL; the capped default stays', () => {
    expect(defaultSettings().betaCap).toBe(0.2);
    const r = applyPatch(multVae, { ...BETA_SWEEP });
    expect(r.errors).toEqual([]);
    expect([r.settings.betaCap, r.settings.annealSteps]).toEqual([1, 5000]);
    expect(applyPatch(multVae, { betaCap: 1, annealSteps: '5000' }).settings.annealSteps).toBe(5000); // the select hands over text
    const back = decodeHash(encodeHash(r.settings));
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(r.settings);
    // The retrain the panel applies: the peak's β, the same anneal steps.
    expect(applyPatch(r.settings, { betaCap: retrainCap(0.2349), annealSteps: r.settings.annealSteps }).settings).toMatchObject({ betaCap: 0.23, annealSteps: 5000 });
  });

  it('refuses out-of-range values with a message that names the setting, changing nothing', () => {
    for (const [patch, message] of [
      [{ betaCap: 5.5 }, /betaCap must be at most 5/],
      [{ betaCap: -0.1 }, /betaCap must be at least 0/],
      [{ betaCap: 'none' }, /betaCap must be a number/],
      [{ betaCap: 1, annealSteps: 0 }, /annealSteps must be at least 1/],
      [{ betaCap: 1, annealSteps: 'run' }, /annealSteps must be "auto" or a whole number of steps/],
    ] as const) {
      const r = applyPatch(multVae, patch);
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      expect(r.errors.join(' ')).toMatch(message);
      expect(r.settings).toBe(multVae);
    }
  });

  it('has a preset, a panel of the Mult-VAE, and a step of the recommenders chapter with the formula as computed', () => {
    const preset = PRESETS.find((p) => p.id === 'mult-vae-beta-sweep')!;
    expect(preset.settings).toMatchObject({ model: 'mult-vae', ...BETA_SWEEP });
    const applied = applyPatch(defaultSettings(), presetSettings(preset, defaultSettings()));
    expect(applied.errors).toEqual([]);
    expect(applied.settings).toMatchObject(BETA_SWEEP);

    expect(PANEL_IDS).toContain('recsys-beta-select');
    expect(familyOf('mult-vae').panels).toContain('recsys-beta-select');

    const step = CHAPTERS.find((c) => c.id === 'recommenders')!.steps.find((s) => s.highlight === 'recsys-beta-select');
    expect(step, 'no β-selection step').toBeDefined();
    expect(step!.panels).toContain('model');
    expect(step!.preset).toMatchObject({ model: 'mult-vae', ...BETA_SWEEP });
    expect(step!.prose).toContain('\\beta_t = \\min(\\beta_{\\text{cap}}, t / T)');
    expect(step!.prose).toMatch(/anneal \$\\beta\$ to 1, watch validation NDCG@100, then retrain with \$\\beta\$ capped at the peak/);
    for (const m of mathIn(step!.prose)) expect(() => renderTex(m.tex, m.display), m.tex).not.toThrow();
    expect(applyPatch(defaultSettings(), stepPatch(step!.preset!, defaultSettings())).errors).toEqual([]);
  });
});

describe('a β sweep trained in a session', () => {
  beforeAll(useTestBackend);
  afterEach(() => vi.restoreAllMocks());
  const base = { dataset: 'movielens-100k', model: 'mult-vae', latent: 8, multHidden: 32, batchSize: 50, learningRate: 0.01 } as const;

  it('records β rising to 1 at step T and pairs each validation pass with β at its step', async () => {
    // A clock that moves only between step() calls: each call then makes one validation pass.
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const T = 300;
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init({ ...base, betaCap: 1, annealSteps: T });
    const history: History = {};
    let seen = 0;
    const collect = () => {
      for (const m of t.messages.slice(seen)) if (m.type === 'snapshot') appendAll(history, m.snapshot.increments as History);
      seen = t.messages.length;
    };
    for (let i = 0; i < 6; i++) {
      now += 2500;
      await t.step(50);
    }
    collect();

    // Each record is the mean β of the updates since the previous one: min(1, t / T) for t in [previous, S).
    const betas = history['train/beta'];
    expect(betas.at(-1)!.step).toBe(T);
    let from = 0;
    for (const p of betas) {
      let sum = 0;
      for (let s = from; s < p.step; s++) sum += cappedBeta(s, T, 1);
      expect(p.value, `step ${p.step}`).toBeCloseTo(sum / (p.step - from), 4); // float32 sums
      expect(p.value).toBeLessThan(1); // every update before T used β < 1
      from = p.step;
    }
    expect(betas.map((p) => p.value)).toEqual([...betas.map((p) => p.value)].sort((a, b) => a - b));

    // Past T the schedule stays at 1.
    now += 2500;
    await t.step(20);
    collect();
    const after = history['train/beta'].filter((p) => p.step > T);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) expect(p.value).toBe(1);
    expect(scheduleFollowed(history['train/beta'], { annealSteps: T, cap: 1 })).toBe(true);

    // Validation passes, each at the β its step had reached; the peak is the highest of them.
    const pairs = pairNdcgWithBeta(history['val/ndcg@100'], { annealSteps: T, cap: 1 });
    expect(pairs.length).toBeGreaterThanOrEqual(7);
    expect(pairs[0]).toMatchObject({ step: 0, beta: 0 });
    for (const p of pairs) expect(p.beta).toBe(Math.min(1, p.step / T));
    expect(pairs.at(-1)!.beta).toBe(1);
    const peak = ndcgPeak(pairs)!;
    expect(peak.ndcg).toBe(Math.max(...pairs.map((p) => p.ndcg)));
    expect(peak.ndcg).toBeGreaterThan(pairs[0].ndcg); // training helped

    // The cap changed live (no new run): the recorded β no longer fits the current rule, and the panel says so.
    expect(await t.set({ ...defaultSettings(), ...base, betaCap: 0.5, annealSteps: T })).toBeUndefined();
    await t.step(10);
    collect();
    expect(history['train/beta'].at(-1)!.value).toBeCloseTo(0.5, 6);
    expect(scheduleFollowed(history['train/beta'], { annealSteps: T, cap: 0.5 })).toBe(false);
  });
});
