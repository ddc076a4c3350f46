import type { Csr } from './csr';

/** popularity_j = number of training users who clicked item j (Σ_u X_uj). */
export function itemPopularity(train: Csr): Float32Array {
  const counts = new Float32Array(train.cols);
  for (let p = 0; p < train.indptr[train.rows]; p++) counts[train.indices[p]]++;
  return counts;
}
