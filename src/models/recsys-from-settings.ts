import * as tf from '@tensorflow/tfjs-core';
import { resolveAnnealSteps } from '../settings/recsys-settings';
import type { RowSettings } from '../settings/schema';
import { multinomialNll } from './click-likelihoods';
import type { Autoencoder } from './model';
import { createMultDae } from './mult-dae';
import { createMultVae, type MultAeOptions } from './mult-vae';

/** The recommenders' shared structure: I → [hidden] → K → [hidden] → I, with input dropout and a click likelihood. */
const multOptions = (s: RowSettings, items: number, seed: number): MultAeOptions => ({
  items,
  hidden: s.multHidden > 0 ? [s.multHidden] : [],
  latent: s.latent,
  keepProb: s.keepProb,
  likelihood: s.clickLikelihood,
  seed,
});

/** Mult-DAE from the lab's settings (weight decay λ on the kernels). */
export function multDaeFromSettings(s: RowSettings, items: number, seed: number): Autoencoder {
  return createMultDae({ ...multOptions(s, items, seed), weightDecay: s.weightDecay });
}

/** Mult-VAE from the lab's settings; 'auto' annealing is rescaled by the training users per epoch. */
export function multVaeFromSettings(s: RowSettings, items: number, seed: number, trainUsers: number): Autoencoder<object, Partial<MultVaeLive>> {
  return multVaeWithSettings(s, multOptions(s, items, seed), trainUsers);
}

type MultVaeLive = Pick<RowSettings, 'betaCap' | 'annealSteps' | 'batchSize'>;

/**
 * Mult-VAE whose setLive reads the lab's flat settings: betaCap → β_max, and annealSteps
 * ('auto' resolved against the current batch size, which also applies live).
 */
function multVaeWithSettings(s: RowSettings, mult: MultAeOptions, trainUsers: number): Autoencoder<object, Partial<MultVaeLive>> {
  let live: MultVaeLive = { betaCap: s.betaCap, annealSteps: s.annealSteps, batchSize: s.batchSize };
  const params = () => ({ betaMax: live.betaCap, annealSteps: resolveAnnealSteps(live.annealSteps, trainUsers, live.batchSize) });
  const vae = createMultVae({ ...mult, ...params() });
  const setLive = (p: Partial<MultVaeLive>): void => {
    live = { ...live, ...p };
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
 * Any item × item model scores the same way (item-kNN passes its S and its family name).
 */
export function createEaseRecommender(items: number, weights: Float32Array, family = 'ease'): Autoencoder {
  if (weights.length !== items * items) throw new Error(`${family}'s item × item matrix holds ${weights.length} values, not ${items}².`);
  const b = tf.tensor2d(weights, [items, items]);
  const reconstruct = (x: tf.Tensor2D): tf.Tensor2D => tf.matMul(x, b);
  const evalLoss = (x: tf.Tensor2D) => {
    // (1/n) Σ_u ‖x_u − x_u B‖²
    const reconstruction = tf.mean(tf.sum(tf.square(tf.sub(x, reconstruct(x))), 1)) as tf.Scalar;
    return { total: reconstruction, terms: { reconstruction } };
  };
  return closedForm(family, items, { reconstruct, evalLoss }, [b]);
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
  const scores = tf.tensor2d(
    Float32Array.from(ranks, (r) => m - r),
    [1, m],
  );
  const logits = tf.tidy(() => tf.log(tf.maximum(tf.tensor2d(popularity, [1, m]), 1e-6)));
  const reconstruct = (x: tf.Tensor2D) => tf.tile(scores, [x.shape[0], 1]) as tf.Tensor2D;
  const evalLoss = (x: tf.Tensor2D) => {
    const reconstruction = multinomialNll(tf.tile(logits, [x.shape[0], 1]) as tf.Tensor2D, x);
    return { total: reconstruction, terms: { reconstruction } };
  };
  return closedForm('popularity', m, { reconstruct, evalLoss }, [scores, logits]);
}
