import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MOVIELENS_RELEASES } from '../../src/data/movielens/releases';
import { familyFor, modelNames, tasksOf } from '../../src/families';
import { linearRecommenders } from '../../src/learn/chapters/11-linear-recommenders';
import { createLinearRecommender } from '../../src/models/linear-recommender';
import { defaultSettings, SETTINGS } from '../../src/settings/schema';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

const DIR = resolve(__dirname, '..', '..', process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');
const HAS_100K = existsSync(join(DIR, 'ml-100k', MOVIELENS_RELEASES['ml-100k'].ratingsFile));

/** Chapter 11's first step: its preset is what the real-data test trains, and its claim what it checks. */
const STEP = linearRecommenders.steps[0];
const LINEAR_CLICKS = { ...STEP.preset, dataset: 'movielens-100k', model: 'linear' } as const;

describe('the linear autoencoder as a recommender (AMF)', () => {
  beforeAll(useTestBackend);

  it('is one model name with a family per task: PCA on images, AMF on clicks', () => {
    expect(tasksOf('linear')).toEqual(['images', 'clicks']);
    expect(modelNames().filter((n) => n === 'linear')).toHaveLength(1);
    expect(familyFor({ model: 'linear', dataset: 'mnist', task: 'clicks' }).label).toBe('Linear (PCA)');
    expect(familyFor({ model: 'linear', dataset: 'movielens-100k', task: 'clicks' }).label).toBe('Linear (AMF)');
    const control = SETTINGS.model.control as unknown as { options: { value: string; label: string }[] };
    expect(control.options.filter((o) => o.value === 'linear')).toEqual([{ value: 'linear', label: 'Linear (PCA / AMF)' }]);
  });

  it('scores f_u = x̃_u V Qᵀ + b with x̃_u = x_u / √|I_u|', async () => {
    const m = createLinearRecommender({ items: 5, latent: 2, weightDecay: 0, seed: 3 });
    const v = m.variables();
    const [V, Qt] = [await v['encoder/layer0/kernel'].array(), await v['decoder/layer0/kernel'].array()] as number[][][];
    v['decoder/layer0/bias'].assign(tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5]));
    const x = [1, 0, 1, 1, 0];
    const n = Math.sqrt(3);
    const p = [0, 1].map((k) => x.reduce((s, xi, i) => s + (xi / n) * V[i][k], 0));
    const want = [0, 1, 2, 3, 4].map((j) => p[0] * Qt[0][j] + p[1] * Qt[1][j] + [0.1, -0.2, 0.3, 0, 0.5][j]);
    const got = tf.tidy(() => m.reconstruct(tf.tensor2d([x])));
    Array.from(await got.data()).forEach((g, j) => expect(g).toBeCloseTo(want[j], 5));
    got.dispose();
    m.dispose();
  });

  it('runs on the clicks task when the dataset is MovieLens, past popularity, leaking nothing', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    await t.init({ ...LINEAR_CLICKS, latent: 8, learningRate: 0.01, batchSize: 50 });
    await t.step(10);
    const tensors = tf.memory().numTensors;
    await t.step(150);
    expect(tf.memory().numTensors).toBe(tensors);
    const e = await t.evaluate();
    console.log(`synthetic: linear AE (K = 8) best test NDCG@100 ${e['best/test/ndcg@100'].toFixed(3)}, popularity ${e['popularity/test/ndcg@100'].toFixed(3)}`);
    expect(e['best/test/ndcg@100']).toBeGreaterThan(e['popularity/test/ndcg@100'] + 0.15);
    expect(t.last('reference')!.reference.kind).toBe('clicks');
  });

  it.skipIf(!HAS_100K)(
    `on the real ml-100k, rank 128 clearly beats popularity${HAS_100K ? '' : ' (skipped: no ml-100k under MOVIELENS_DIR)'}`,
    async () => {
      const t = recsysSession((release, name) => new Uint8Array(readFileSync(join(DIR, release, name))));
      await t.init({ ...defaultSettings(), ...LINEAR_CLICKS });
      await t.step(240); // 30 epochs of 8 updates
      const e = await t.evaluate();
      const f = (k: string) => `${e[k].toFixed(3)} ± ${e[`${k}/se`].toFixed(3)}`;
      console.log(`ml-100k: linear AE K = 128 best test NDCG@100 ${f('best/test/ndcg@100')} (step ${e['best/step']}), popularity ${f('popularity/test/ndcg@100')}`);
      expect(STEP.prose).toMatch(/more than 0\.1 above popularity's after 30 epochs/);
      expect(e['best/test/ndcg@100']).toBeGreaterThan(e['popularity/test/ndcg@100'] + 0.1);
    },
    120_000,
  );
});
