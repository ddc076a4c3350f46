import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../math/csr';
import { easeSizeCheck, fitEase } from '../math/ease';
import { fitEaseOnDevice } from '../math/ease-device';
import { createEaseRecommender, createPopularityRecommender } from '../models/recsys-from-settings';
import type { Autoencoder } from '../models/model';
import { evaluatePart } from './recsys-eval';
import type { BaselineResult } from './recsys-types';

export interface HeldOutOnDevice {
  validation: { foldIn: tf.Tensor2D; targets: Csr };
  /** foldInClicks: the fold-in as a CSR too, for NDCG@100 by user activity. */
  test: { foldIn: tf.Tensor2D; targets: Csr; foldInClicks: Csr };
}

/** Scores a model on both held-out parts through the device top-k path. */
export async function evaluateBoth(model: Autoencoder, parts: HeldOutOnDevice) {
  return {
    validation: await evaluatePart(model, parts.validation.foldIn, parts.validation.targets),
    test: await evaluatePart(model, parts.test.foldIn, parts.test.targets, parts.test.foldInClicks),
  };
}

/** Popularity's metrics (cheap: computed once per split, at load). */
export async function popularityBaseline(popularity: Float32Array, parts: HeldOutOnDevice): Promise<BaselineResult> {
  const model = createPopularityRecommender(popularity);
  try {
    return { model: 'popularity', label: 'Popularity', ...(await evaluateBoth(model, parts)) };
  } finally {
    model.dispose();
  }
}

/** EASE's metrics for a fitted B. */
export async function easeBaseline(lambda: number, weights: Float32Array, parts: HeldOutOnDevice): Promise<BaselineResult> {
  const model = createEaseRecommender(Math.round(Math.sqrt(weights.length)), weights);
  try {
    return { model: 'ease', label: `EASE (λ = ${lambda})`, lambda, ...(await evaluateBoth(model, parts)) };
  } finally {
    model.dispose();
  }
}

/**
 * Fits EASE on the training clicks in the worker, reporting progress at most once per
 * percent; returns B as float32 for the device. The inverse runs on the tfjs device
 * (block Schur recursion in matMuls: ml-latest-small's 6,034 items in seconds, not minutes);
 * if the device cannot (a buffer too large for it, say), the float64 CPU sweep does it.
 */
export async function fitEaseWeights(
  train: Csr,
  lambda: number,
  progress: (label: string, fraction: number | null, cancellable?: boolean) => void,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const items = train.cols.toLocaleString('en');
  const reporter = (label: string) => {
    let shown = -1;
    progress(label, 0, true);
    return (f: number) => {
      signal?.throwIfAborted(); // Cancel: the device recursion stops at its next block
      const pct = Math.floor(f * 100);
      if (pct > shown) progress(label, (shown = pct) / 100, true);
    };
  };
  const check = easeSizeCheck(train.cols, { maxSeconds: Number.POSITIVE_INFINITY });
  if (!check.ok) throw new Error(check.reason);
  try {
    return await fitEaseOnDevice(train, lambda, reporter(`Fitting EASE (λ = ${lambda}): inverting XᵀX + λI for ${items} items on the ${tf.getBackend()} device…`));
  } catch (e) {
    if (signal?.aborted) throw e;
    console.warn(`EASE on the device failed (${(e as Error).message}); using the CPU.`);
  }
  const model = fitEase(train, lambda, { onProgress: reporter(`Fitting EASE (λ = ${lambda}): inverting XᵀX + λI for ${items} items on the CPU…`) });
  return new Float32Array(model.weights);
}
