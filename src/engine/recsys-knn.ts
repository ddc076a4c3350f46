import type { Csr } from '../math/csr';
import { fitItemKnn } from '../math/item-knn';
import { createEaseRecommender } from '../models/recsys-from-settings';
import { evaluateBoth, type HeldOutOnDevice } from './recsys-baselines';
import type { BaselineResult } from './recsys-types';

/** How item-kNN is named in the baselines and the progress bar. */
export const knnLabel = (k: number, shrink: number): string => `Item-kNN (k = ${k}, h = ${shrink})`;

/** S = item-kNN's pruned cosine similarities, fitted on the CPU (≈1 s for ml-latest-small's 6,000 items). */
export function fitKnnWeights(
  train: Csr,
  k: number,
  shrink: number,
  progress: (label: string, fraction: number | null, cancellable?: boolean) => void,
  signal?: AbortSignal,
): Float32Array {
  signal?.throwIfAborted();
  const label = `Fitting ${knnLabel(k, shrink)}: cosine similarities of ${train.cols.toLocaleString('en')} items…`;
  progress(label, 0);
  return fitItemKnn(train, k, shrink, { onProgress: (f) => progress(label, f) });
}

/** Item-kNN's metrics for a fitted S, through the same device path as EASE (scores = X·S). */
export async function knnBaseline(k: number, shrink: number, weights: Float32Array, parts: HeldOutOnDevice): Promise<BaselineResult> {
  const model = createEaseRecommender(Math.round(Math.sqrt(weights.length)), weights, 'item-knn');
  try {
    return { model: 'item-knn', label: knnLabel(k, shrink), k, shrink, ...(await evaluateBoth(model, parts)) };
  } finally {
    model.dispose();
  }
}
