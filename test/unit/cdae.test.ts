import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer, uploadData } from '../../src/engine/trainer';
import { createCdae } from '../../src/models/cdae';
import { logisticClickNll as logisticNll } from '../../src/models/click-likelihoods';
import { createRng } from '../../src/math/rng';
import { defaultSettings } from '../../src/settings/schema';
import { recsysSession, syntheticRelease } from './movielens-session';
import { useTestBackend } from './tf-setup';

/** Users who each like one of two disjoint item groups. */
function twoTasteClicks(users: number, items: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(users * items);
  for (let u = 0; u < users; u++) for (let i = 0; i < items; i++) if (rng() < (i < items / 2 === (u % 2 === 0) ? 0.5 : 0.02)) x[u * items + i] = 1;
  return x;
}

const read = async (t: tf.Tensor) => {
  const v = await t.data();
  t.dispose();
  return Array.from(v);
};

describe('CDAE (Wu et al. 2016)', () => {
  beforeAll(useTestBackend);

  it('its logistic loss equals the sum of per-item cross-entropies, and stays finite at large logits', async () => {
    const logits = [
      [0.3, -1.2, 2.0, 50],
      [-50, 0, 1.5, -0.7],
    ];
    const y = [
      [1, 0, 1, 1],
      [0, 1, 0, 0],
    ];
    const sig = (a: number) => 1 / (1 + Math.exp(-a));
    const brute =
      logits
        .map((row, b) =>
          row.reduce((s, a, i) => {
            const p = Math.min(Math.max(sig(a), 1e-300), 1 - 1e-16);
            return s - (y[b][i] ? Math.log(p) : a > 30 ? -a : Math.log(1 - p));
          }, 0),
        )
        .reduce((a, b) => a + b, 0) / 2;
    const [v] = await read(tf.tidy(() => logisticNll(tf.tensor2d(logits), tf.tensor2d(y))));
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(brute, 4);
  });

  it('learns the two tastes, updates only the batch’s user vectors, folds new users in, and leaks nothing', async () => {
    const [users, items] = [200, 40];
    const x = twoTasteClicks(users, items, 3);
    const device = uploadData(x, users, x.slice(0, 20 * items), 20, items);
    const model = createCdae({ items, users, latent: 8, keepProb: 0.8, weightDecay: 1e-4, seed: 1 });
    const trainer = new Trainer(model, device, { learningRate: 0.01, batchSize: 50, optimizer: 'adam' }, 1);
    const V = model.variables()['user/embedding'];
    const v0 = await read(tf.clone(V));
    tf.dispose(Object.values(trainer.trainSteps(1)));
    const v1 = await read(tf.clone(V));
    const changed = new Set<number>();
    for (let u = 0; u < users; u++) for (let k = 0; k < 8; k++) if (v1[u * 8 + k] !== v0[u * 8 + k]) changed.add(u);
    expect(changed.size).toBe(50); // one batch of 50 users: no other row moves

    tf.dispose(Object.values(trainer.trainSteps(5)));
    const tensors = tf.memory().numTensors;
    tf.dispose(Object.values(trainer.trainSteps(300)));
    expect(tf.memory().numTensors).toBe(tensors);

    // A new group-0 user who clicked items 0–2 is recommended the rest of group 0. (With one click,
    // the fold-in's logistic loss treats every other item as a negative and learns little.)
    const s = await read(tf.tidy(() => model.reconstruct(tf.tensor2d([[1, 1, 1, ...new Array(items - 3).fill(0)]]))));
    const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
    expect(mean(s.slice(3, items / 2))).toBeGreaterThan(mean(s.slice(items / 2)) + 1);

    // Fold-in: the fitted V_u reconstructs held-out users' clicks better than V_u = 0.
    const vars = model.variables();
    const heldOut = tf.tensor2d(twoTasteClicks(30, items, 9), [30, items]);
    const [folded] = await read(tf.tidy(() => model.evalLoss(heldOut).terms.reconstruction));
    const [zero] = await read(
      tf.tidy(() => {
        const z = tf.sigmoid(tf.add(tf.matMul(heldOut, vars['encoder/layer0/kernel']), vars['encoder/layer0/bias'])) as tf.Tensor2D;
        return logisticNll(tf.add(tf.matMul(z, vars['decoder/layer0/kernel']), vars['decoder/layer0/bias']) as tf.Tensor2D, heldOut);
      }),
    );
    expect(folded).toBeLessThan(zero);
    const before = tf.memory().numTensors;
    tf.dispose(tf.tidy(() => model.reconstruct(heldOut)));
    expect(tf.memory().numTensors).toBe(before);
    heldOut.dispose();
    trainer.dispose();
    tf.dispose([device.train, device.test]);
  });

  it('trains in a session on the clicks task past popularity', async () => {
    const t = recsysSession({ 'ml-100k': syntheticRelease() });
    const s = { ...defaultSettings(), dataset: 'movielens-100k', model: 'cdae', latent: 16, batchSize: 50, learningRate: 0.01, keepProb: 0.8 } as const;
    await t.init(s);
    await t.step(200);
    const e = await t.evaluate();
    console.log(`synthetic: CDAE best test NDCG@100 ${e['best/test/ndcg@100'].toFixed(3)}, popularity ${e['popularity/test/ndcg@100'].toFixed(3)}`);
    expect(e['best/test/ndcg@100']).toBeGreaterThan(e['popularity/test/ndcg@100'] + 0.15);
  });
});
