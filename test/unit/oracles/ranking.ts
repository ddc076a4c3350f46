import { csrRow, type Csr } from '../../../src/math/csr';
import { EXCLUDED_SCORE, ndcgOfRanking, recallOfRanking } from '../../../src/math/ranking-metrics';

/**
 * Test oracle: NDCG@k and Recall@k computed wholly on the CPU from a dense users × items
 * score matrix (mask, top-k by a heap, per-user metrics, means). The lab ranks on the device
 * (engine/recsys-eval.ts: tf.topk, then ndcgOfRanking / recallOfRanking); the tests score
 * baselines and check the metrics by hand with this.
 */

/** Sets each user's fold-in items to EXCLUDED_SCORE so they are never recommended back. */
export function excludeFoldIn(scores: Float32Array, foldIn: Csr, rowOffset = 0, rows = foldIn.rows - rowOffset): void {
  const m = foldIn.cols;
  if (scores.length < rows * m) throw new Error(`scores hold ${scores.length} values, fewer than ${rows} users × ${m} items.`);
  for (let r = 0; r < rows; r++) {
    for (const c of csrRow(foldIn, rowOffset + r)) scores[r * m + c] = EXCLUDED_SCORE;
  }
}

/**
 * The k best items of one row, best first, by partial selection: a size-k min-heap over
 * the row (O(m log k)), not a full sort. Ties go to the lower item index.
 */
export function topK(scores: Float32Array, row: number, items: number, k: number): Int32Array {
  k = Math.min(k, items);
  const base = row * items;
  const heap = new Int32Array(k); // heap[0] is the worst kept item
  const worse = (a: number, b: number) => scores[base + a] < scores[base + b] || (scores[base + a] === scores[base + b] && a > b);
  const siftDown = (i: number, size: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < size && worse(heap[l], heap[w])) w = l;
      if (r < size && worse(heap[r], heap[w])) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w], heap[i]];
      i = w;
    }
  };
  for (let j = 0; j < k; j++) {
    heap[j] = j;
    for (let i = j; i > 0;) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  }
  for (let j = k; j < items; j++) {
    if (k > 0 && worse(heap[0], j)) {
      heap[0] = j;
      siftDown(0, k);
    }
  }
  // Pop the worst to the back: the array ends up best first.
  for (let size = k - 1; size > 0; size--) {
    [heap[0], heap[size]] = [heap[size], heap[0]];
    siftDown(0, size);
  }
  return heap;
}

export interface RankingCutoffs {
  ndcg: number[];
  recall: number[];
}

/** Sums over users (so batches add up); users without targets are not counted. */
export interface RankingSums {
  users: number;
  ndcg: Record<number, number>;
  recall: Record<number, number>;
}

export const PAPER_CUTOFFS: RankingCutoffs = { ndcg: [100], recall: [20, 50] };

/**
 * Scores rows×items (row r is targets' row rowOffset + r), already masked with excludeFoldIn.
 * One top-k selection per user at the largest cutoff serves every metric.
 */
export function rankingSums(scores: Float32Array, targets: Csr, cutoffs: RankingCutoffs = PAPER_CUTOFFS, rowOffset = 0, rows = targets.rows - rowOffset): RankingSums {
  const m = targets.cols;
  if (scores.length !== rows * m) throw new Error(`scores hold ${scores.length} values, not ${rows} users × ${m} items.`);
  const kMax = Math.max(...cutoffs.ndcg, ...cutoffs.recall);
  const sums: RankingSums = { users: 0, ndcg: {}, recall: {} };
  for (const k of cutoffs.ndcg) sums.ndcg[k] = 0;
  for (const k of cutoffs.recall) sums.recall[k] = 0;
  const mark = new Uint8Array(m);
  for (let r = 0; r < rows; r++) {
    const t = csrRow(targets, rowOffset + r);
    if (t.length === 0) continue;
    for (const c of t) mark[c] = 1;
    const ranked = topK(scores, r, m, kMax);
    const isTarget = (c: number) => mark[c] === 1;
    for (const k of cutoffs.ndcg) sums.ndcg[k] += ndcgOfRanking(ranked, isTarget, t.length, k);
    for (const k of cutoffs.recall) sums.recall[k] += recallOfRanking(ranked, isTarget, t.length, k);
    for (const c of t) mark[c] = 0;
    sums.users++;
  }
  return sums;
}

export function addRankingSums(a: RankingSums, b: RankingSums): RankingSums {
  const add = (x: Record<number, number>, y: Record<number, number>) => Object.fromEntries(Object.keys(x).map((k) => [k, x[+k] + (y[+k] ?? 0)]));
  return { users: a.users + b.users, ndcg: add(a.ndcg, b.ndcg), recall: add(a.recall, b.recall) };
}

/** Means over the users counted: { users, ndcg: {100: …}, recall: {20: …, 50: …} }. */
export function rankingMeans(s: RankingSums): RankingSums {
  const mean = (x: Record<number, number>) => Object.fromEntries(Object.keys(x).map((k) => [k, s.users ? x[+k] / s.users : NaN]));
  return { users: s.users, ndcg: mean(s.ndcg), recall: mean(s.recall) };
}

/** Masks the fold-in items (in place) and returns the mean metrics of one block of users. */
export function evaluateRanking(scores: Float32Array, foldIn: Csr, targets: Csr, cutoffs: RankingCutoffs = PAPER_CUTOFFS): RankingSums {
  excludeFoldIn(scores, foldIn);
  return rankingMeans(rankingSums(scores, targets, cutoffs));
}

/** Mean NDCG@k over users with targets (fold-in items must already be excluded). */
export const ndcgAtK = (scores: Float32Array, targets: Csr, k: number): number => rankingMeans(rankingSums(scores, targets, { ndcg: [k], recall: [] })).ndcg[k];

/** Mean Recall@k over users with targets (fold-in items must already be excluded). */
export const recallAtK = (scores: Float32Array, targets: Csr, k: number): number => rankingMeans(rankingSums(scores, targets, { ndcg: [], recall: [k] })).recall[k];
