import { describe, expect, it } from 'vitest';
import { EXCLUDED_SCORE } from '../../src/math/ranking-metrics';
import { createRng } from '../../src/math/rng';
import { csrFromRows } from './oracles/csr';
import { addRankingSums, evaluateRanking, excludeFoldIn, ndcgAtK, rankingMeans, rankingSums, recallAtK, topK } from './oracles/ranking';

const L3 = Math.log2(3); // rank 2's discount
const L6 = Math.log2(6); // rank 5's discount

// User A ranks 0 > 1 > 2 > 3 > 4 > 5, has clicked 0 (fold-in), and targets {2, 5}.
// User B ranks 5 > 4 > 3 > 2 > 1 > 0, has clicked 5, and targets {0, 1, 3, 4}.
const scores = () => Float32Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
const foldIn = csrFromRows([[0], [5]], 6);
const targets = csrFromRows(
  [
    [2, 5],
    [4, 3, 0, 1],
  ],
  6,
);

describe('NDCG@k and Recall@k', () => {
  it('match hand-computed values, fold-in excluded', () => {
    const s = scores();
    excludeFoldIn(s, foldIn);
    expect(s[0]).toBe(EXCLUDED_SCORE);
    expect(s[11]).toBe(EXCLUDED_SCORE);
    // A's top 3 after masking: 1, 2, 3 → one hit at rank 2. Ideal over min(3, 2) = 2 ranks.
    const ndcgA3 = 1 / L3 / (1 + 1 / L3);
    // B's top 3: 4, 3, 2 → hits at ranks 1, 2. Ideal over min(3, 4) = 3 ranks.
    const ndcgB3 = (1 + 1 / L3) / (1 + 1 / L3 + 1 / 2);
    expect(ndcgAtK(s, targets, 3)).toBeCloseTo((ndcgA3 + ndcgB3) / 2, 12);
    expect((ndcgA3 + ndcgB3) / 2).toBeCloseTo(0.5761067, 6);
    // Recall@3: A 1 / min(3, 2) = 1/2; B 2 / min(3, 4) = 2/3.
    expect(recallAtK(s, targets, 3)).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
    // k = 1: A's best (1) misses, B's best (4) hits: recall (0 + 1/1) / 2.
    expect(recallAtK(s, targets, 1)).toBeCloseTo(0.5, 12);
    expect(ndcgAtK(s, targets, 1)).toBeCloseTo(0.5, 12);
    // k = 6: A hits at ranks 2 and 5 (its masked item comes last); B hits at ranks 1, 2, 4, 5.
    const ndcgA6 = (1 / L3 + 1 / L6) / (1 + 1 / L3);
    const ndcgB6 = (1 + 1 / L3 + 1 / Math.log2(5) + 1 / L6) / (1 + 1 / L3 + 1 / 2 + 1 / Math.log2(5));
    expect(ndcgAtK(s, targets, 6)).toBeCloseTo((ndcgA6 + ndcgB6) / 2, 12);
    expect(recallAtK(s, targets, 6)).toBeCloseTo(1, 12);
  });

  it('differ without the mask (so the mask matters)', () => {
    const s = scores();
    // A's top 3 unmasked: 0, 1, 2 → hit at rank 3; B's: 5, 4, 3 → hits at ranks 2, 3.
    const a = 1 / 2 / (1 + 1 / L3);
    const b = (1 / L3 + 1 / 2) / (1 + 1 / L3 + 1 / 2);
    expect(ndcgAtK(s, targets, 3)).toBeCloseTo((a + b) / 2, 12);
  });

  it('evaluate all cutoffs in one pass, batch by batch, skipping users without targets', () => {
    const full = evaluateRanking(scores(), foldIn, targets, { ndcg: [3, 6], recall: [1, 3] });
    expect(full.users).toBe(2);
    expect(full.recall[3]).toBeCloseTo(7 / 12, 12);
    const s = scores();
    excludeFoldIn(s, foldIn);
    const first = rankingSums(s.subarray(0, 6), targets, { ndcg: [3, 6], recall: [1, 3] }, 0, 1);
    const second = rankingSums(s.subarray(6), targets, { ndcg: [3, 6], recall: [1, 3] }, 1, 1);
    expect(rankingMeans(addRankingSums(first, second))).toEqual(full);
    const withEmpty = csrFromRows([[2, 5], []], 6);
    const one = rankingMeans(rankingSums(s, withEmpty, { ndcg: [3], recall: [3] }));
    expect(one.users).toBe(1);
    expect(one.recall[3]).toBeCloseTo(0.5, 12);
  });

  it('topK is a partial selection equal to a full sort (ties to the lower index)', () => {
    expect(Array.from(topK(Float32Array.from([1, 3, 3, 2, 3]), 0, 5, 4))).toEqual([1, 2, 4, 3]);
    expect(Array.from(topK(Float32Array.from([5, 4]), 0, 2, 10))).toEqual([0, 1]);
    const rng = createRng(3);
    const m = 700;
    const s = Float32Array.from({ length: 3 * m }, () => Math.round(rng() * 200) / 10); // many ties
    for (let row = 0; row < 3; row++) {
      const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => s[row * m + b] - s[row * m + a] || a - b);
      for (const k of [1, 20, 100, m]) expect(Array.from(topK(s, row, m, k))).toEqual(order.slice(0, k));
    }
  });
});
