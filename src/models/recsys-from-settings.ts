import * as tf from '@tensorflow/tfjs';
import { MODEL_LABELS } from '../settings/model-names';
import { resolveAnnealSteps } from '../settings/recsys-settings';
import type { Settings } from '../settings/schema';
import { multinomialNll } from './dense-layer';
import type { Autoencoder } from './model';
import { createMultDae } from './mult-dae';
import { createMultVae, type MultAeOptions } from './mult-vae';

/** What the MovieLens task knows that the recommenders are built from. */
export interface RecsysFit {
  /** Rows of the training matrix: the 'auto' β annealing is rescaled by updates per epoch. */
  trainUsers: number;
  /** popularity_j = Σ_u X_uj on the training users (for the popularity model). */
  popularity?: Float32Array;
  /** EASE's B (items × items, row-major, float32) fitted for `lambda` (for the EASE model). */
  ease?: { lambda: number; weights: Float32Array };
}

/** Builds the recommender the settings name, for `items` columns. */
export function recsysFromSettings(s: Settings, items: number, seed: number, fit: RecsysFit | undefined): Autoencoder {
  if (!fit) throw new Error(`The ${MODEL_LABELS[s.model]} model recommends movies: choose a MovieLens dataset.`);
  const hidden = s.multHidden > 0 ? [s.multHidden] : [];
  const mult = { items, hidden, latent: s.latent, keepProb: s.keepProb, seed };
  switch (s.model) {
    case 'mult-vae':
      return multVaeWithSettings(s, mult, fit.trainUsers);
    case 'mult-dae':
      return createMultDae({ ...mult, weightDecay: s.weightDecay });
    case 'ease':
      if (!fit.ease || fit.ease.lambda !== s.easeLambda) throw new Error(`EASE has not been fitted for λ = ${s.easeLambda}.`);
      return createEaseRecommender(items, fit.ease.weights);
    case 'popularity':
      if (!fit.popularity) throw new Error('The popularity model needs the training clicks.');
      return createPopularityRecommender(fit.popularity);
    default:
      throw new Error(`${s.model} is not a recommender.`);
  }
}

/**
 * Mult-VAE whose setLive reads the lab's flat settings: betaCap → β_max, and annealSteps
 * ('auto' resolved against the current batch size, which also applies live).
 */
function multVaeWithSettings(s: Settings, mult: MultAeOptions, trainUsers: number): Autoencoder {
  let live = { betaCap: s.betaCap, annealSteps: s.annealSteps, batchSize: s.batchSize };
  const params = () => ({ betaMax: live.betaCap, annealSteps: resolveAnnealSteps(live.annealSteps, trainUsers, live.batchSize) });
  const vae = createMultVae({ ...mult, ...params() });
  const setLive = (p: Record<string, unknown>): void => {
    const next = { ...live };
    if (typeof p.betaCap === 'number') next.betaCap = p.betaCap;
    if (p.annealSteps === 'auto' || typeof p.annealSteps === 'number') next.annealSteps = p.annealSteps;
    if (typeof p.batchSize === 'number') next.batchSize = p.batchSize;
    live = next;
    vae.setLive!(params());
  };
  return { ...vae, setLive };
}

/** A closed-form model has no variables: the session has nothing to train. */
function closedForm(family: string, items: number, parts: Pick<Autoencoder, 'reconstruct' | 'evalLoss'>, owned: tf.Tensor[]): Autoencoder {
  const none = (): tf.Tensor2D => {
    throw new Error(`${family} has no code: it is fitted in closed form.`);
  };
  return {
    family,
    inputDim: items,
    latent: 0,
    variables: () => ({}),
    loss: (x) => parts.evalLoss(x),
    evalLoss: parts.evalLoss,
    encode: none,
    decode: none,
    reconstruct: parts.reconstruct,
    weightRows: () => tf.zeros([0, items]) as tf.Tensor2D,
    dispose: () => tf.dispose(owned),
  };
}

/**
 * EASE (Steck 2019) as a scoring model: scores = x·B with diag(B) = 0.
 * Its "loss" is its own objective without the penalty, (1/n) Σ_u ‖x_u − x_u B‖².
 */
export function createEaseRecommender(items: number, weights: Float32Array): Autoencoder {
  if (weights.length !== items * items) throw new Error(`EASE's B holds ${weights.length} values, not ${items}².`);
  const b = tf.tensor2d(weights, [items, items]);
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.matMul(x, b);
  const evalLoss = (x: tf.Tensor2D) => {
    // (1/n) Σ_u ‖x_u − x_u B‖²
    const reconstruction = tf.mean(tf.sum(tf.square(tf.sub(x, reconstruct(x))), 1)) as tf.Scalar;
    return { total: reconstruction, terms: { reconstruction } };
  };
  return closedForm('ease', items, { reconstruct, evalLoss }, [b]);
}

/** Ranks 0..m−1 by popularity (most popular first; ties to the lower item index). */
export function popularityRanks(popularity: Float32Array): Int32Array {
  const order = Int32Array.from(popularity.keys()).sort((a, b) => popularity[b] - popularity[a] || a - b);
  const rank = new Int32Array(popularity.length);
  order.forEach((item, r) => (rank[item] = r));
  return rank;
}

/**
 * Popularity: everyone gets the same ranking. Scores are m − rank (exact small integers,
 * so the device's top-k breaks no ties differently from the CPU); the loss is the
 * multinomial NLL of p_i = popularity_i / Σ_j popularity_j.
 */
export function createPopularityRecommender(popularity: Float32Array): Autoencoder {
  const m = popularity.length;
  const ranks = popularityRanks(popularity);
  const scores = tf.tensor2d(Float32Array.from(ranks, (r) => m - r), [1, m]);
  const logits = tf.tidy(() => tf.log(tf.maximum(tf.tensor2d(popularity, [1, m]), 1e-6)));
  const reconstruct = (x: tf.Tensor2D) => tf.tile(scores, [x.shape[0], 1]) as tf.Tensor2D;
  const evalLoss = (x: tf.Tensor2D) => {
    const reconstruction = multinomialNll(tf.tile(logits, [x.shape[0], 1]) as tf.Tensor2D, x);
    return { total: reconstruction, terms: { reconstruction } };
  };
  return closedForm('popularity', m, { reconstruct, evalLoss }, [scores, logits]);
}
