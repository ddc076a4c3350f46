import type * as tf from '@tensorflow/tfjs';
import type { Csr } from '../math/csr';
import { fitEase } from '../math/ease';
import { createEaseRecommender, createPopularityRecommender } from '../models/recsys-from-settings';
import type { Autoencoder } from '../models/model';
import { evaluatePart } from './recsys-eval';
import type { BaselineResult } from './recsys-types';

export interface HeldOutOnDevice {
  validation: { foldIn: tf.Tensor2D; targets: Csr };
  test: { foldIn: tf.Tensor2D; targets: Csr };
}

/** Scores a model on both held-out parts through the device top-k path. */
export async function evaluateBoth(model: Autoencoder, parts: HeldOutOnDevice) {
  return {
    validation: await evaluatePart(model, parts.validation.foldIn, parts.validation.targets),
    test: await evaluatePart(model, parts.test.foldIn, parts.test.targets),
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
    return { model: 'ease', label: `EASE (λ = ${lambda})`, ...(await evaluateBoth(model, parts)) };
  } finally {
    model.dispose();
  }
}

/**
 * Fits EASE on the training clicks (float64, on this thread: the worker), reporting
 * progress at most once per percent, and returns B as float32 for the device.
 */
export function fitEaseWeights(train: Csr, lambda: number, progress: (label: string, fraction: number | null) => void): Float32Array {
  const label = `Fitting EASE (λ = ${lambda}): inverting XᵀX + λI for ${train.cols.toLocaleString('en')} items…`;
  let shown = -1;
  progress(label, 0);
  const model = fitEase(train, lambda, {
    onProgress: (f) => {
      const pct = Math.floor(f * 100);
      if (pct > shown) progress(label, (shown = pct) / 100);
    },
  });
  return new Float32Array(model.weights);
}
