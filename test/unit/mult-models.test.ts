import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer, uploadData } from '../../src/engine/trainer';
import { multinomialNll } from '../../src/models/click-likelihoods';
import { createMultDae } from '../../src/models/mult-dae';
import { annealedBeta, createMultVae } from '../../src/models/mult-vae';
import { createRng } from '../../src/math/rng';
import { useTestBackend } from './tf-setup';

/** Users who each like one of two disjoint item groups: a structure a recommender must find. */
function twoTasteClicks(users: number, items: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(users * items);
  for (let u = 0; u < users; u++) {
    const group = u % 2;
    for (let i = 0; i < items; i++) {
      const inGroup = i < items / 2 === (group === 0);
      if (rng() < (inGroup ? 0.5 : 0.02)) x[u * items + i] = 1;
    }
  }
  return x;
}

describe('Mult-VAE and Mult-DAE', () => {
  beforeAll(useTestBackend);

  it('multinomial log-likelihood matches a hand computation', async () => {
    // logits [0, ln 2, ln 3] → softmax [1/6, 2/6, 3/6]; clicks on items 1 and 2.
    const v = tf.tidy(() => multinomialNll(tf.tensor2d([[0, Math.log(2), Math.log(3)]]), tf.tensor2d([[0, 1, 1]])));
    expect((await v.data())[0]).toBeCloseTo(-(Math.log(2 / 6) + Math.log(3 / 6)), 5);
    v.dispose();
  });

  it('β anneals linearly to its cap', () => {
    expect(annealedBeta(0, 1000, 0.2)).toBe(0);
    expect(annealedBeta(100, 1000, 0.2)).toBeCloseTo(0.1, 10);
    expect(annealedBeta(200, 1000, 0.2)).toBeCloseTo(0.2, 10);
    expect(annealedBeta(5000, 1000, 0.2)).toBe(0.2);
  });

  for (const family of ['mult-vae', 'mult-dae'] as const) {
    it(`${family} learns the two tastes and leaks no tensors`, async () => {
      const users = 200;
      const items = 40;
      const x = twoTasteClicks(users, items, 3);
      const device = uploadData(x, users, x, users, items);
      const opts = { items, hidden: [16], latent: 4, keepProb: 0.5, seed: 1 };
      const model = family === 'mult-vae' ? createMultVae({ ...opts, annealSteps: 200, betaMax: 0.2 }) : createMultDae({ ...opts, weightDecay: 1e-4 });
      const trainer = new Trainer(model, device, { learningRate: 0.01, batchSize: 50, optimizer: 'adam' }, 1);
      const before = tf.tidy(() => trainer.evaluate().reconstruction);
      const b0 = (await before.data())[0];
      tf.dispose(Object.values(trainer.trainSteps(5)));
      const tensors = tf.memory().numTensors;
      tf.dispose(Object.values(trainer.trainSteps(300)));
      expect(tf.memory().numTensors).toBe(tensors);
      const after = tf.tidy(() => trainer.evaluate().reconstruction);
      const b1 = (await after.data())[0];
      expect(b1).toBeLessThan(b0 * 0.9);
      // A user of group 0 who clicked only item 0 should be recommended group-0 items.
      const scores = tf.tidy(() => model.reconstruct(tf.tensor2d([[1, ...new Array(items - 1).fill(0)]])));
      const s = await scores.data();
      const inGroup = Array.from(s.slice(1, items / 2)).reduce((a, b) => a + b, 0) / (items / 2 - 1);
      const outGroup = Array.from(s.slice(items / 2)).reduce((a, b) => a + b, 0) / (items / 2);
      expect(inGroup).toBeGreaterThan(outGroup + 1);
      tf.dispose([before, after, scores]);
      trainer.dispose();
      tf.dispose([device.train, device.test]);
    });
  }
});
