import type { Csr } from './csr';

/** popularity_j = number of training users who clicked item j (Σ_u X_uj). */
export function itemPopularity(train: Csr): Float32Array {
  const counts = new Float32Array(train.cols);
  for (let p = 0; p < train.indptr[train.rows]; p++) counts[train.indices[p]]++;
  return counts;
}

/** The popularity baseline recommends the same ranking to everyone: scores_u = popularity. */
export function popularityScores(popularity: Float32Array, users: number): Float32Array {
  const out = new Float32Array(users * popularity.length);
  for (let u = 0; u < users; u++) out.set(popularity, u * popularity.length);
  return out;
}
