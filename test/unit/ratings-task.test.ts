import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RatingsReferenceMessage, RatingsSnapshot } from '../../src/engine/protocol';
import type { RatingsScatter, RatingsUserView, RatingsBlock } from '../../src/engine/ratings-types';
import { createRng } from '../../src/math/rng';
import { defaultSettings } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';
import { recsysSession } from './movielens-session';
import { useTestBackend } from './tf-setup';

/**
 * A ml-100k-format release of star ratings with structure: user u and movie i each have a
 * taste in [−1, 1]; r = round(3 + 1.6 · taste_u · taste_i + bias_i), clipped to 1–5, and
 * 45% of the pairs are rated. Biases alone cannot see the interaction; an autoencoder can.
 */
function starRelease(users = 200, items = 50): Record<string, Uint8Array> {
  const rng = createRng(5);
  const taste = (n: number) => Array.from({ length: n }, () => rng() * 2 - 1);
  const tu = taste(users);
  const ti = taste(items);
  const bi = Array.from({ length: items }, () => rng() - 0.5);
  const lines: string[] = [];
  for (let u = 1; u <= users; u++) {
    for (let i = 1; i <= items; i++) {
      if (rng() > 0.45) continue;
      const r = Math.min(5, Math.max(1, Math.round(3 + 1.6 * tu[u - 1] * ti[i - 1] + bi[i - 1])));
      lines.push(`${u}\t${i}\t${r}\t${880000000 + u * 100 + i}`);
    }
  }
  const flags = (i: number) => Array.from({ length: 19 }, (_, g) => (g === (i % 18) + 1 ? '1' : '0')).join('|');
  const movies = Array.from({ length: items }, (_, k) => `${k + 1}|Movie ${k + 1} (19${50 + k})|01-Jan-19${50 + k}||http://x|${flags(k)}`);
  const text = (s: string[]) => new TextEncoder().encode(s.join('\n') + '\n');
  return { 'u.data': text(lines), 'u.item': text(movies) };
}

describe('the ratings task in a session', () => {
  beforeAll(useTestBackend);
  const base = { dataset: 'movielens-100k', task: 'ratings', model: 'i-autorec', autorecHidden: 24, autorecLambda: 1, batchSize: 10, learningRate: 0.01 } as const;

  it('trains I-AutoRec below the biases on held-out ratings, keeps its best checkpoint, leaks nothing, and exports the split', async () => {
    const t = recsysSession({ 'ml-100k': starRelease() });
    await t.init(base);
    const ref = t.last('reference')!.reference as RatingsReferenceMessage;
    expect(ref.kind).toBe('ratings');
    expect(ref.ratings.scale).toEqual({ min: 1, max: 5, step: 1 });
    expect(ref.ratings.baselines.map((b) => b.key)).toEqual(['mean', 'biases', 'mf']);
    const c = ref.ratings.counts;
    expect(c.train + c.validation + c.test).toBe(c.ratings);
    expect(c.test).toBe(Math.round(c.ratings * 0.1));

    await t.step(20);
    const tensors = tf.memory().numTensors;
    await t.step(280);
    expect(tf.memory().numTensors).toBe(tensors);
    const e = await t.evaluate();
    console.log(
      `synthetic stars: I-AutoRec best test RMSE ${e['best/test/rmse'].toFixed(3)} (step ${e['best/step']}); mean ${e['mean/test/rmse'].toFixed(3)}, biases ${e['biases/test/rmse'].toFixed(3)}, MF ${e['mf/test/rmse'].toFixed(3)}`,
    );
    expect(e['biases/test/rmse']).toBeLessThan(e['mean/test/rmse']);
    expect(e['best/test/rmse']).toBeLessThan(e['biases/test/rmse'] - 0.05);
    expect(e['test/rmse']).toBeGreaterThan(0);
    expect(e['test/mae']).toBeLessThan(e['test/rmse']);
    const snap = t.last('snapshot')!.snapshot as RatingsSnapshot;
    expect(snap.ratings.best?.step).toBe(e['best/step']);
    expect(snap.ratings.results.map((r) => r.model)).toEqual(['i-autorec']);
    const valPoints = t.messages.flatMap((m) => (m.type === 'snapshot' ? (m.snapshot.increments['val/rmse'] ?? []) : []));
    expect(valPoints.length).toBeGreaterThan(0);
    // The best checkpoint is the lowest validation RMSE measured (evaluate() measures too).
    expect(Math.min(...valPoints.map((p) => p.value))).toBeGreaterThanOrEqual(e['best/val/rmse'] - 1e-9);

    const { step } = await t.query<{ step: number }>('restoreBest');
    expect(step).toBe(e['best/step']);
    const after = await t.evaluate();
    expect(after['test/rmse']).toBeCloseTo(e['best/test/rmse'], 5);

    const split = await t.query<{ format: string; version: number; train: number[][]; validation: number[][]; test: number[][] }>('exportSplit');
    expect(split.format).toBe('movielens-ratings-split');
    expect(split.version).toBe(1);
    expect(split.train.length + split.validation.length + split.test.length).toBe(c.ratings);
    expect(split.test[0]).toHaveLength(3);

    const user = await t.query<RatingsUserView>('ratingsUser', { index: 3, n: 5 });
    expect(user.rated.length).toBeGreaterThan(0);
    expect(user.top).toHaveLength(5);
    expect(user.rated.every((r) => r.predicted >= 1 && r.predicted <= 5)).toBe(true);
    const rated = new Set(user.rated.map((r) => r.item));
    expect(user.top.some((x) => rated.has(x.item))).toBe(false);
    const scatter = await t.query<RatingsScatter>('ratingsScatter', { n: 100 });
    expect(scatter.actual).toHaveLength(100);
    const block = await t.query<RatingsBlock>('ratingsBlock', { users: 5, items: 6 });
    expect(block.observed).toHaveLength(30);
    expect(block.completed.every((v) => v >= 1 && v <= 5)).toBe(true);
    await expect(t.query('interpolate', {})).rejects.toThrow(/answers .*ratingsUser.*not "interpolate"/);
  });

  it('without the mask, missing ratings count as zeros and the predictions sink: RMSE above even the global mean', async () => {
    const t = recsysSession({ 'ml-100k': starRelease() });
    await t.init({ ...base, autorecMask: false });
    await t.step(300);
    const e = await t.evaluate();
    console.log(`synthetic stars, mask off: test RMSE ${e['test/rmse'].toFixed(3)} vs mean ${e['mean/test/rmse'].toFixed(3)}`);
    expect(e['test/rmse']).toBeGreaterThan(e['mean/test/rmse']);
  });

  it('the baselines as models: the biases model reproduces its baseline line, and closed-form models do not train', async () => {
    const t = recsysSession({ 'ml-100k': starRelease() });
    await t.init({ ...base, model: 'rating-biases' });
    const e = await t.evaluate();
    expect(e['test/rmse']).toBeCloseTo(e['biases/test/rmse'], 6);
    await t.step(1);
    expect(t.messages.some((m) => m.type === 'notice' && /rating-biases is fitted in closed form/.test(m.message))).toBe(true);
    await t.set({ ...defaultSettings(), ...base, model: 'rating-mf' });
    const mf = await t.evaluate();
    expect(mf['test/rmse']).toBeCloseTo(mf['mf/test/rmse'], 6);
  });

  it('the task setting and the model follow each other; an explicit mismatch is refused', () => {
    const clicks = { ...defaultSettings(), dataset: 'movielens-100k' as const, model: 'mult-vae' as const };
    const toRatings = applyPatch(clicks, { task: 'ratings' });
    expect(toRatings.settings.model).toBe('i-autorec');
    expect(toRatings.notes?.[0]).toMatch(/switched to i-autorec/);
    const byModel = applyPatch(clicks, { model: 'u-autorec' });
    expect(byModel.settings.task).toBe('ratings');
    const fromMnist = applyPatch(defaultSettings(), { model: 'i-autorec' });
    expect(fromMnist.settings).toMatchObject({ dataset: 'movielens-latest-small', task: 'ratings', model: 'i-autorec' });
    expect(applyPatch(clicks, { task: 'ratings', model: 'mult-dae' }).errors[0]).toMatch(/mult-dae model recommends movies; it cannot run the ratings task/);
    expect(applyPatch(defaultSettings(), { task: 'potatoes' }).errors[0]).toMatch(/task must be one of: clicks, ratings/);
  });
});
