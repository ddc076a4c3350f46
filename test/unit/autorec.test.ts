import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAutoRec, maskedSquaredError, observedMask } from '../../src/models/autorec';
import { useTestBackend } from './tf-setup';

describe('AutoRec’s masked loss', () => {
  beforeAll(useTestBackend);

  it('equals a brute-force sum over the observed entries only, and counts every entry with the mask off', async () => {
    // 3 rows × 4 columns; 0 = not rated.
    const r = [
      [5, 0, 3, 0],
      [0, 0, 4, 1],
      [2, 5, 0, 0],
    ];
    const rHat = [
      [4.5, 2, 3.5, 1],
      [3, 3, 4, 2],
      [2, 4, 1, 0.5],
    ];
    let observed = 0;
    let all = 0;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 4; j++) {
        const e = (r[i][j] - rHat[i][j]) ** 2;
        all += e;
        if (r[i][j] > 0) observed += e;
      }
    const [masked, unmasked] = await Promise.all(
      [true, false].map((m) =>
        tf
          .tidy(() => {
            const x = tf.tensor2d(r);
            return maskedSquaredError(x, tf.tensor2d(rHat), observedMask(x, m));
          })
          .data(),
      ),
    );
    // Σ_b ‖(r_b − r̂_b) ⊙ m_b‖² / B
    expect(masked[0]).toBeCloseTo(observed / 3, 5);
    expect(unmasked[0]).toBeCloseTo(all / 3, 5);
    expect(observed).toBeCloseTo(0.25 + 0.25 + 0 + 1 + 0 + 1, 9);
  });

  it('gives no gradient to the output weights of unobserved entries (the lecture: only weights connected to observed ratings update)', async () => {
    const m = createAutoRec({ family: 'i-autorec', inputDim: 4, rows: 1, hidden: 3, lambda: 0, masked: true, seed: 2 });
    const r = tf.tensor2d([[5, 0, 3, 0]]);
    const w = m.variables()['decoder/kernel'];
    const { grads, value } = tf.variableGrads(() => m.loss(r, 0).total, [w]);
    const g = grads[w.name];
    value.dispose();
    const cols = (await g.array()) as number[][];
    for (const row of cols) {
      expect(row[1]).toBe(0);
      expect(row[3]).toBe(0);
    }
    expect(cols.some((row) => row[0] !== 0 && row[2] !== 0)).toBe(true);
    tf.dispose([r, g]);
    m.dispose();
  });

  it('adds (λ / 2N)(‖W‖² + ‖V‖²) as its own term', async () => {
    const m = createAutoRec({ family: 'u-autorec', inputDim: 5, rows: 10, hidden: 4, lambda: 3, masked: true, seed: 1 });
    const v = m.variables();
    const [pen, expected] = await Promise.all([
      tf.tidy(() => m.evalLoss(tf.zeros([2, 5]) as tf.Tensor2D).terms.weightDecay).data(),
      tf.tidy(() => tf.mul(tf.add(tf.sum(tf.square(v['encoder/kernel'])), tf.sum(tf.square(v['decoder/kernel']))), 3 / 20)).data(),
    ]);
    expect(pen[0]).toBeCloseTo(expected[0], 6);
    expect(Object.keys(v).sort()).toEqual(['decoder/bias', 'decoder/kernel', 'encoder/bias', 'encoder/kernel']);
    m.dispose();
  });
});
