// The rating-matrices chapter against the code: its formulas are AutoRec's loss as
// src/models/autorec.ts computes it, and its presets set up what its prose describes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { familyOf, type ModelName } from '../../src/families';
import { CHAPTERS } from '../../src/learn/chapters';
import type { Step } from '../../src/learn/types';
import { createAutoRec } from '../../src/models/autorec';
import { useTestBackend } from './tf-setup';

const chapter = CHAPTERS.find((c) => c.id === 'rating-matrices')!;
const stepWith = (pred: (s: Step) => boolean): Step => {
  const s = chapter.steps.find(pred);
  if (!s) throw new Error('no such step in the rating-matrices chapter');
  return s;
};
const lossStep = stepWith((s) => s.title.startsWith('The masked loss'));
const maskOffStep = stepWith((s) => s.preset?.autorecMask === false);
const questionStep = stepWith((s) => !!s.question);

// A tiny I-AutoRec: 4 movies (rows) × 5 users, 0 = not rated; the training matrix has 7 rows.
const R = [
  [5, 0, 3, 0, 1],
  [0, 0, 4, 2, 0],
  [2, 5, 0, 0, 4],
  [0, 3, 0, 0, 0],
];
const ROWS = 7;
const HIDDEN = 3;
const LAMBDA = 2.5;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The chapter's per-batch loss, written out by hand:
 *   h = σ(r V + μ), r̂ = h W + b, m = 1[r > 0] (1 everywhere with the mask off),
 *   L = (1/B) Σ_b ‖(r_b − r̂_b) ⊙ m_b‖² + (λ / 2M)(‖W‖²_F + ‖V‖²_F), M = training rows.
 */
function chapterLoss(r: number[][], V: number[][], mu: number[], W: number[][], b: number[], lambda: number, rows: number, masked: boolean): number {
  let error = 0;
  for (const row of r) {
    const h = mu.map((muk, k) => sigmoid(row.reduce((s, rj, j) => s + rj * V[j][k], muk)));
    for (let j = 0; j < row.length; j++) {
      const rHat = h.reduce((s, hk, k) => s + hk * W[k][j], b[j]);
      const m = masked ? (row[j] > 0 ? 1 : 0) : 1;
      error += ((row[j] - rHat) * m) ** 2;
    }
  }
  const frob = (A: number[][]) => A.flat().reduce((s, a) => s + a * a, 0);
  return error / r.length + (lambda / (2 * rows)) * (frob(W) + frob(V));
}

describe('the rating-matrices chapter', () => {
  beforeAll(useTestBackend);

  it('sits between the recommender chapters', () => {
    const ids = CHAPTERS.map((c) => c.id);
    expect(ids.indexOf('rating-matrices')).toBe(ids.indexOf('recommenders') + 1);
    expect(ids.indexOf('linear-recommenders')).toBe(ids.indexOf('rating-matrices') + 1);
  });

  it('writes the model and the masked loss with the code’s terms', () => {
    const first = chapter.steps[0].prose;
    expect(first).toContain('h = \\sigma(r V + \\mu)');
    expect(first).toContain('\\hat{r} = h W + b');
    const p = lossStep.prose;
    expect(p).toContain('m = \\mathbb{1}[r > 0]');
    expect(p).toContain('\\frac{1}{B} \\sum_{b=1}^{B} \\big\\lVert (r_b - \\hat{r}_b) \\odot m_b \\big\\rVert^2');
    expect(p).toContain('\\frac{\\lambda}{2M} \\big(\\lVert W \\rVert_F^2 + \\lVert V \\rVert_F^2\\big)');
    // The paper's objective: the sum over the M movies with (λ/2).
    expect(p).toContain('\\sum_{i=1}^{M} \\big\\lVert (r^{(i)} - \\hat{r}^{(i)}) \\odot m^{(i)} \\big\\rVert^2 + \\frac{\\lambda}{2}');
    expect(lossStep.highlight).toBe('ratings-block');
  });

  it('its loss formula, computed by hand, equals I-AutoRec’s evalLoss (mask on and off)', async () => {
    for (const masked of [true, false]) {
      const model = createAutoRec({ family: 'i-autorec', inputDim: 5, rows: ROWS, hidden: HIDDEN, lambda: LAMBDA, masked, seed: 3 });
      const v = model.variables();
      // Non-zero biases, so μ and b are really in the formula.
      v['encoder/bias'].assign(tf.tensor1d([0.3, -0.2, 0.1]));
      v['decoder/bias'].assign(tf.tensor1d([3.1, 3.6, 2.9, 3.4, 3.8]));
      const V = (await v['encoder/kernel'].array()) as number[][];
      const mu = (await v['encoder/bias'].array()) as number[];
      const W = (await v['decoder/kernel'].array()) as number[][];
      const b = (await v['decoder/bias'].array()) as number[];
      expect([V.length, V[0].length, W.length, W[0].length]).toEqual([5, HIDDEN, HIDDEN, 5]);
      const r = tf.tensor2d(R);
      const total = tf.tidy(() => model.evalLoss(r).total);
      const [got] = await total.data();
      expect(got, `masked ${masked}`).toBeCloseTo(chapterLoss(R, V, mu, W, b, LAMBDA, ROWS, masked), 4);
      tf.dispose([r, total]);
      model.dispose();
    }
  });

  it('only the penalty reaches the output weights of a user with no rating in the batch', async () => {
    // User 3 (column 3) rated only movie 1: a batch of movies 0 and 2 has no rating of theirs.
    const model = createAutoRec({ family: 'i-autorec', inputDim: 5, rows: ROWS, hidden: HIDDEN, lambda: LAMBDA, masked: true, seed: 5 });
    const w = model.variables()['decoder/kernel'];
    const batch = tf.tensor2d([R[0], R[2]]);
    const { grads, value } = tf.variableGrads(() => model.loss(batch, 0).total, [w]);
    const g = (await grads[w.name].array()) as number[][];
    const W = (await w.array()) as number[][];
    // ∂/∂W of (λ / 2M)‖W‖² is (λ / M) W.
    for (let k = 0; k < HIDDEN; k++) expect(g[k][3]).toBeCloseTo((LAMBDA / ROWS) * W[k][3], 6);
    expect(g.some((row, k) => Math.abs(row[0] - (LAMBDA / ROWS) * W[k][0]) > 1e-4)).toBe(true);
    tf.dispose([batch, value, grads[w.name]]);
    model.dispose();
  });

  it('starts the decoder bias at each column’s mean observed rating, as the chapter says', async () => {
    const model = createAutoRec({ family: 'i-autorec', inputDim: 5, rows: 4, hidden: HIDDEN, lambda: LAMBDA, masked: true, seed: 1 });
    const r = tf.tensor2d(R);
    model.initFromData!(r);
    const b = (await model.variables()['decoder/bias'].array()) as number[];
    const means = [0, 1, 2, 3, 4].map((j) => {
      const seen = R.map((row) => row[j]).filter((x) => x > 0);
      return seen.reduce((s, x) => s + x, 0) / seen.length;
    });
    b.forEach((bj, j) => expect(bj).toBeCloseTo(means[j], 5));
    r.dispose();
    model.dispose();
  });

  it('runs I-AutoRec on ml-100k’s ratings, and the mask-off step differs from the question’s only in the mask', () => {
    const q = questionStep.preset!;
    expect(q).toMatchObject({ model: 'i-autorec', dataset: 'movielens-100k', task: 'ratings', autorecMask: true });
    expect(questionStep.question!.prompt).toContain('Will I-AutoRec beat the user + item biases on held-out ratings?');
    // ml-100k at batch 64 is 26 steps an epoch; the best validation RMSE comes after roughly 10–15 epochs.
    const run = questionStep.question!.run;
    expect(run && run !== 'play' ? run.steps : 0).toBeGreaterThanOrEqual(300);
    expect(questionStep.question!.explanation).toContain('results table');
    expect(questionStep.highlight).toBe('ratings-results');
    expect(maskOffStep.preset).toEqual({ ...q, autorecMask: false });
    expect(maskOffStep.prose).toContain('autorecMask');
  });

  it('highlights only panels the step’s model shows, among them the block, the user and the results', () => {
    const highlighted: string[] = [];
    chapter.steps.forEach((s, i) => {
      if (!s.highlight) return;
      // The step's own preset, else the nearest earlier one (as the Learn view applies them).
      const preset = chapter.steps
        .slice(0, i + 1)
        .reverse()
        .find((x) => x.preset)?.preset;
      const panels: readonly string[] = familyOf(preset!.model as ModelName).panels;
      expect(panels, `${s.title}: ${s.highlight}`).toContain(s.highlight);
      highlighted.push(s.highlight);
    });
    expect(highlighted).toEqual(expect.arrayContaining(['ratings-block', 'ratings-user', 'ratings-results', 'ratings-rmse']));
  });

  it('names matrix factorization, Li et al. 2015 and CDAE, and points at the lab’s cdae model, a clicks recommender', () => {
    const last = chapter.steps.at(-1)!.prose;
    expect(last).toContain('R \\approx U V^\\top');
    expect(last).toContain('Li et al. (2015)');
    expect(last).toContain('Wu et al. 2016');
    expect(last).toContain("The lab's `cdae` model implements it");
    expect(familyOf('cdae').task).toBe('clicks');
  });
});
