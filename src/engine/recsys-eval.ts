import * as tf from '@tensorflow/tfjs';
import { csrRow, type Csr } from '../math/csr';
import { EXCLUDED_SCORE, ndcgOfRanking, recallOfRanking } from '../math/ranking-metrics';
import type { Autoencoder } from '../models/model';
import type { RankingMetrics } from './recsys-types';

/** The deepest cut-off the metrics need (NDCG@100). */
export const RANK_DEPTH = 100;
/** Users scored per device call: bounds the users × items score matrix. */
const SLICE_USERS = 512;

/**
 * The k best item columns of each user, best first, computed on the device:
 * scores = model.reconstruct(x) (logits), items in x (the fold-in) set to EXCLUDED_SCORE,
 * then tf.topk. Only the indices come back: users × k int32.
 */
export async function topKOnDevice(model: Autoencoder, foldIn: tf.Tensor2D, k: number): Promise<Int32Array> {
  const [users, items] = foldIn.shape;
  k = Math.min(k, items);
  const out = new Int32Array(users * k);
  for (let start = 0; start < users; start += SLICE_USERS) {
    const size = Math.min(SLICE_USERS, users - start);
    const indices = tf.tidy(() => {
      const x = tf.slice(foldIn, [start, 0], [size, items]);
      const scores = model.reconstruct(x);
      // Finite, not −Inf: WGSL may assume no infinities.
      const masked = tf.where(tf.greater(x, 0), tf.fill([size, items], EXCLUDED_SCORE), scores);
      return tf.topk(masked, k).indices;
    });
    out.set(await indices.data(), start * k);
    indices.dispose();
  }
  return out;
}

/** NDCG@100, Recall@20 and Recall@50 averaged over the users with targets (row r of ranked is user r). */
export function metricsOfRankings(ranked: Int32Array, k: number, targets: Csr): RankingMetrics {
  const mark = new Uint8Array(targets.cols);
  const isTarget = (c: number) => mark[c] === 1;
  const sum = { users: 0, ndcg100: 0, recall20: 0, recall50: 0 };
  for (let r = 0; r < targets.rows; r++) {
    const t = csrRow(targets, r);
    if (t.length === 0) continue;
    for (const c of t) mark[c] = 1;
    const list = ranked.subarray(r * k, (r + 1) * k);
    sum.ndcg100 += ndcgOfRanking(list, isTarget, t.length, 100);
    sum.recall20 += recallOfRanking(list, isTarget, t.length, 20);
    sum.recall50 += recallOfRanking(list, isTarget, t.length, 50);
    for (const c of t) mark[c] = 0;
    sum.users++;
  }
  const n = sum.users || NaN;
  return { users: sum.users, ndcg100: sum.ndcg100 / n, recall20: sum.recall20 / n, recall50: sum.recall50 / n };
}

/** Ranks a held-out part on the device and scores the rankings against its targets. */
export async function evaluatePart(model: Autoencoder, foldIn: tf.Tensor2D, targets: Csr): Promise<RankingMetrics> {
  const k = Math.min(RANK_DEPTH, foldIn.shape[1]);
  return metricsOfRankings(await topKOnDevice(model, foldIn, k), k, targets);
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
