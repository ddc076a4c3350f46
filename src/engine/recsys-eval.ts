import * as tf from '@tensorflow/tfjs-core';
import { csrRow, type Csr } from '../math/csr';
import { EXCLUDED_SCORE, ndcgOfRanking, recallOfRanking } from '../math/ranking-metrics';
import type { Autoencoder } from '../models/model';
import type { ActivityGroup, RankingMetricKey, RankingMetrics } from './recsys-types';

/** The deepest cut-off the metrics need (NDCG@100). */
export const RANK_DEPTH = 100;
/** Users scored per device call: bounds the users × items score matrix. */
const SLICE_USERS = 512;

/** Scores of the fold-in rows [start, start + x.rows): a model's reconstruction, or any other ranking. */
export type RowScorer = (x: tf.Tensor2D, start: number) => tf.Tensor2D;

/**
 * The k best item columns of each user, best first, computed on the device:
 * scores = model.reconstruct(x) (logits), items in x (the fold-in) set to EXCLUDED_SCORE,
 * then tf.topk. Only the indices come back: users × k int32.
 */
export function topKOnDevice(model: Autoencoder, foldIn: tf.Tensor2D, k: number): Promise<Int32Array> {
  return topKOfScores((x) => model.reconstruct(x), foldIn, k);
}

/** topKOnDevice for any scorer of the fold-in rows, slice by slice. */
export async function topKOfScores(score: RowScorer, foldIn: tf.Tensor2D, k: number): Promise<Int32Array> {
  const [users, items] = foldIn.shape;
  k = Math.min(k, items);
  const out = new Int32Array(users * k);
  for (let start = 0; start < users; start += SLICE_USERS) {
    const size = Math.min(SLICE_USERS, users - start);
    const indices = tf.tidy(() => {
      const x = tf.slice(foldIn, [start, 0], [size, items]);
      const scores = score(x, start);
      // Finite, not −Inf: WGSL may assume no infinities.
      const masked = tf.where(tf.greater(x, 0), tf.fill([size, items], EXCLUDED_SCORE), scores);
      return tf.topk(masked, k).indices;
    });
    out.set(await indices.data(), start * k);
    indices.dispose();
  }
  return out;
}

/** How many activity groups the NDCG@100 breakdown has: five, quintiles (as Liang et al. 2018 split users). */
export const ACTIVITY_GROUPS = 5;

/**
 * NDCG@100, Recall@20 and Recall@50 averaged over the users with targets (row r of ranked is
 * user r), each with its standard error over those users. With `foldIn` (the same rows' fold-in
 * clicks), also NDCG@100 by activity quintile (activity = fold-in + target clicks).
 */
export function metricsOfRankings(ranked: Int32Array, k: number, targets: Csr, foldIn?: Csr): RankingMetrics {
  const mark = new Uint8Array(targets.cols);
  const isTarget = (c: number) => mark[c] === 1;
  // Per-user values, one pass over the rankings; the SEs and the quintiles are read off them.
  const per: Record<RankingMetricKey, number[]> = { ndcg100: [], recall20: [], recall50: [] };
  const clicks: number[] = [];
  for (let r = 0; r < targets.rows; r++) {
    const t = csrRow(targets, r);
    if (t.length === 0) continue;
    for (const c of t) mark[c] = 1;
    const list = ranked.subarray(r * k, (r + 1) * k);
    per.ndcg100.push(ndcgOfRanking(list, isTarget, t.length, 100));
    per.recall20.push(recallOfRanking(list, isTarget, t.length, 20));
    per.recall50.push(recallOfRanking(list, isTarget, t.length, 50));
    for (const c of t) mark[c] = 0;
    if (foldIn) clicks.push(csrRow(foldIn, r).length + t.length);
  }
  const ndcg100 = meanAndSe(per.ndcg100);
  const recall20 = meanAndSe(per.recall20);
  const recall50 = meanAndSe(per.recall50);
  return {
    users: per.ndcg100.length,
    ndcg100: ndcg100.mean,
    recall20: recall20.mean,
    recall50: recall50.mean,
    se: { ndcg100: ndcg100.se, recall20: recall20.se, recall50: recall50.se },
    ...(foldIn && { byActivity: ndcgByActivity(clicks, per.ndcg100) }),
  };
}

/** Mean x̄ and its standard error SE = s / √n, s² = Σ(x − x̄)² / (n − 1) the sample variance (as Liang et al. report). */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = n ? sum / n : NaN;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(squares / (n - 1) / n) : NaN };
}

/**
 * Mean NDCG@100 over equal-count groups of users by activity, least active first: users
 * sorted by clicks (stable: ties keep row order), group g holds sorted ranks
 * [⌊g·n/G⌋, ⌊(g+1)·n/G⌋). A click count on a boundary may fall in two neighbouring groups;
 * empty groups (fewer than G users) are left out.
 */
export function ndcgByActivity(clicks: readonly number[], ndcg100: readonly number[], groups = ACTIVITY_GROUPS): ActivityGroup[] {
  const order = clicks.map((_, u) => u).sort((a, b) => clicks[a] - clicks[b]);
  const out: ActivityGroup[] = [];
  for (let g = 0; g < groups; g++) {
    const members = order.slice(Math.floor((g * order.length) / groups), Math.floor(((g + 1) * order.length) / groups));
    if (!members.length) continue;
    out.push({
      minClicks: clicks[members[0]],
      maxClicks: clicks[members[members.length - 1]],
      users: members.length,
      ndcg100: meanAndSe(members.map((u) => ndcg100[u])).mean,
    });
  }
  return out;
}

/** Ranks a held-out part on the device and scores the rankings against its targets (by activity too, given the fold-in as a CSR). */
export async function evaluatePart(model: Autoencoder, foldIn: tf.Tensor2D, targets: Csr, foldInClicks?: Csr): Promise<RankingMetrics> {
  const k = Math.min(RANK_DEPTH, foldIn.shape[1]);
  return metricsOfRankings(await topKOnDevice(model, foldIn, k), k, targets, foldInClicks);
}

/** Top-n columns for one user given the columns they clicked (a query from a panel). */
export async function recommendFor(model: Autoencoder, items: number, clicked: readonly number[], n: number): Promise<number[]> {
  for (const c of clicked) if (!(Number.isInteger(c) && c >= 0 && c < items)) throw new Error(`Item ${c} is not a column of this dataset (0..${items - 1}).`);
  const row = new Float32Array(items);
  for (const c of clicked) row[c] = 1;
  const x = tf.tensor2d(row, [1, items]);
  try {
    return Array.from(await topKOnDevice(model, x, Math.min(n, items)));
  } finally {
    x.dispose();
  }
}
