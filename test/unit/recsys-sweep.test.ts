import * as tf from '@tensorflow/tfjs';
import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import { PANELS } from '../../src/panels/panel-registry';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/engine/recsys-sweep';
import { LikelihoodComparePanel, likelihoodBars, likelihoodSweepArgs } from '../../src/panels/recsys/likelihood-compare-panel';
import { RankSweepPanel, easeLine, rankPoints, rankSweepArgs } from '../../src/panels/recsys/rank-sweep-panel';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

const base = { dataset: 'movielens-100k', model: 'mult-dae', latent: 8, multHidden: 0, batchSize: 50, learningRate: 0.01 } as const;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the sweep query on the clicks task', () => {
  beforeAll(useTestBackend);

  it('trains each variant × seed on the current split and leaves the current run as it was', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(6);
    const before = await t.evaluate();
    const tensors = tf.memory().numTensors;

    const variants = [
      { label: 'K = 2', settings: { latent: 2 } },
      { label: 'K = 16', settings: { latent: 16 } },
    ];
    const r = await t.query<SweepResult>('sweep', { variants, epochs: 3, seeds: 2 });
    expect(tf.memory().numTensors).toBe(tensors);

    expect(r.points).toHaveLength(4);
    expect(r.points.map((p) => [p.label, p.seed])).toEqual([
      ['K = 2', 1],
      ['K = 2', 2],
      ['K = 16', 1],
      ['K = 16', 2],
    ]);
    for (const p of r.points) {
      expect(p.settings).toEqual(variants.find((v) => v.label === p.label)!.settings);
      expect(p.bestEpoch).toBeGreaterThanOrEqual(1);
      expect(p.bestEpoch).toBeLessThanOrEqual(3);
      for (const m of [p.validation, p.test]) for (const v of [m.ndcg100, m.recall20, m.recall50, m.se.ndcg100]) expect(Number.isFinite(v)).toBe(true);
      expect(p.test.users).toBe(before.testUsers);
    }
    expect(r.summary.map((s) => [s.label, s.n])).toEqual([
      ['K = 2', 2],
      ['K = 16', 2],
    ]);
    for (const s of r.summary) {
      const mine = r.points.filter((p) => p.label === s.label);
      expect(s.ndcg100).toBeCloseTo(mean(mine.map((p) => p.test.ndcg100)), 12);
      expect(s.userSe).toBeCloseTo(mean(mine.map((p) => p.test.se.ndcg100)), 12);
      expect(Number.isFinite(s.seedSe) && s.seedSe >= 0).toBe(true);
    }
    console.log(
      `sweep (synthetic, Mult-DAE, 3 epochs): ${r.summary.map((s) => `${s.label} ${s.ndcg100.toFixed(3)} ± ${s.seedSe.toFixed(3)} (seeds) ± ${s.userSe.toFixed(3)} (users)`).join('; ')}`,
    );

    // Progress went through the task's bar, cancellable, epoch by epoch; then cleared.
    const labels = t.messages.flatMap((m) => (m.type === 'progress' && m.cancellable ? [m.label] : []));
    expect(labels).toContain('Sweep: K = 16 (2/2), seed 2/2, epoch 3/3');
    expect(t.last('progress')).toMatchObject({ label: '', fraction: 1 });

    // The current run: same step, same numbers, same best checkpoint.
    expect(await t.evaluate()).toEqual(before);
    expect((await t.step(1)).step).toBe(7);
  });

  it('refuses malformed sweeps with a clear message and changes nothing', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(3);
    const before = await t.evaluate();
    const tensors = tf.memory().numTensors;
    const v = (settings: Record<string, unknown>, label = 'a') => ({ label, settings });
    const refusals: [unknown, RegExp][] = [
      [{ variants: [], epochs: 3 }, /1 to 12 variants/],
      [{ variants: Array.from({ length: 13 }, (_, i) => v({}, `v${i}`)), epochs: 3 }, /1 to 12 variants/],
      [{ variants: [v({})], epochs: 0 }, /epochs must be a whole number from 1 to 200 \(got 0\)/],
      [{ variants: [v({})], epochs: 2.5 }, /epochs must be a whole number from 1 to 200/],
      [{ variants: [v({})], epochs: 3, seeds: 6 }, /seeds must be a whole number from 1 to 5 \(got 6\)/],
      [{ variants: [v({}), v({ latent: 4 })], epochs: 3 }, /two variants are labelled "a"/],
      [{ variants: [{ settings: {} }], epochs: 3 }, /variant 1 needs a label/],
      [{ variants: [v({ latent: 0 })], epochs: 3 }, /variant "a": latent/],
      [{ variants: [v({ lattent: 4 })], epochs: 3 }, /variant "a": Unknown setting "lattent"/],
      [{ variants: [v({ model: 'vae' })], epochs: 3 }, /variant "a" names .* which is not a clicks model/],
      [{ variants: [v({ dataset: 'movielens-latest-small' })], epochs: 3 }, /variant "a" changes dataset; a sweep keeps the current split/],
    ];
    for (const [args, message] of refusals) await expect(t.query('sweep', args)).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await t.evaluate()).toEqual(before);
  });

  it('compares the three click likelihoods, scores a closed-form variant once, and stops at cancel', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    await t.step(2);
    const tensors = tf.memory().numTensors;
    const likelihoods = ['multinomial', 'gaussian', 'logistic'].map((l) => ({ label: l, settings: { clickLikelihood: l } }));
    const r = await t.query<SweepResult>('sweep', { variants: [...likelihoods, { label: 'popularity', settings: { model: 'popularity' } }], epochs: 2 });
    expect(r.points.map((p) => p.label)).toEqual(['multinomial', 'gaussian', 'logistic', 'popularity']);
    for (const s of r.summary.slice(0, 3)) expect(Number.isFinite(s.ndcg100) && s.n === 1 && Number.isNaN(s.seedSe)).toBe(true);
    // Popularity: no training, no seed changes it.
    expect(r.points[3].bestEpoch).toBe(0);
    expect(r.summary[3]).toMatchObject({ n: 1, seedSe: 0 });
    expect(tf.memory().numTensors).toBe(tensors);

    const from = t.messages.length;
    const running = t.query('sweep', { variants: likelihoods, epochs: 50 }).catch((e: Error) => e);
    const started = () => t.messages.slice(from).some((m) => m.type === 'progress' && /^Sweep: multinomial \(1\/3\), epoch 3\//.test(m.label));
    while (!started()) await new Promise((res) => setTimeout(res, 0));
    await t.cancel();
    expect(String(await running)).toMatch(/Cancelled; the current run continues unchanged/);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await t.step(1)).step).toBe(3);
  });

  it('is refused by a model that does not declare it', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init({ ...base, model: 'popularity' });
    await expect(t.query('sweep', { variants: [{ label: 'a', settings: {} }], epochs: 1 })).rejects.toThrow(/not "sweep"/);
  });
});

describe('the panels’ sweeps', () => {
  beforeAll(useTestBackend);

  it('the rank panel’s variants train the clicks linear autoencoder from a Mult-DAE run; the likelihood panel’s run three seeds each', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init(base);
    const tensors = tf.memory().numTensors;
    const ranks = await t.query<SweepResult>('sweep', rankSweepArgs(1));
    expect(rankPoints(ranks).map((p) => p.k)).toEqual([8, 32, 128, 512]);
    for (const p of rankPoints(ranks)) expect(Number.isFinite(p.ndcg) && Number.isFinite(p.userSe)).toBe(true);
    const likelihoods = likelihoodSweepArgs(1);
    expect(likelihoods).toMatchObject({ seeds: 3, variants: [{ label: 'multinomial' }, { label: 'gaussian' }, { label: 'logistic' }] });
    const r = await t.query<SweepResult>('sweep', likelihoods);
    expect(likelihoodBars(r).map((b) => [b.label, b.n, b.runs.length])).toEqual([
      ['multinomial', 3, 3],
      ['gaussian', 3, 3],
      ['logistic', 3, 3],
    ]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('the rank panel draws EASE at the current λ when fitted, else the latest fit', () => {
    const m = { users: 40, ndcg100: 0.3, recall20: 0.2, recall50: 0.4, se: { ndcg100: 0.03, recall20: 0.03, recall50: 0.03 } };
    const b = (model: 'ease' | 'popularity', lambda?: number) => ({ model, label: model, lambda, validation: m, test: m });
    expect(easeLine([b('popularity')], 50)).toBeUndefined();
    expect(easeLine([b('popularity'), b('ease', 50), b('ease', 200)], 50)?.lambda).toBe(50);
    expect(easeLine([b('popularity'), b('ease', 50), b('ease', 200)], 70)?.lambda).toBe(200);
  });
});

describe('the sweep panels before a sweep', () => {
  const engine = {} as EngineClient;
  const render = (c: ComponentType) => renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(c))).replace(/<!-- -->/g, '');

  it('are registered and offer their buttons; the rank panel asks for an EASE fit to draw its line', () => {
    expect(PANELS['recsys-rank-sweep']).toBe(RankSweepPanel);
    expect(PANELS['recsys-likelihoods']).toBe(LikelihoodComparePanel);
    const rank = render(RankSweepPanel);
    expect(rank).toContain('Train K = 8, 32, 128, 512');
    expect(rank).toContain('fit EASE (choose it as the model) to draw its line');
    const likelihoods = render(LikelihoodComparePanel);
    expect(likelihoods).toContain('Compare the three likelihoods');
    expect(likelihoods).toMatch(/bars whose error bars overlap are not told apart/);
  });
});
