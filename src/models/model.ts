import type * as tf from '@tensorflow/tfjs-core';
import type { QueryName, QueryResult } from '../engine/query-map';
import type { RowSettings } from '../settings/schema';

/** One diagnostic value: a scalar (also recorded as the series "diag/<name>") or an array. */
export type Diagnostic = number | Float32Array;

/** Scalar loss terms by name (reconstruction, kl, sparsity, …) and their weighted total. */
export interface LossTerms {
  total: tf.Scalar;
  terms: Record<string, tf.Scalar>;
}

/**
 * An autoencoder the engine can train. Variables have stable names
 * ("encoder/kernel", "decoder/bias", …) used by exportWeights and the panels.
 */
export interface Autoencoder<D extends object = object, Live extends object = Partial<RowSettings>> {
  /**
   * Its family's name, for messages and tests. The engine never branches on it: it reads the
   * family descriptor (src/families/), whose name is typed. (Typing this field ModelName would
   * make the registry's types refer to themselves.)
   */
  readonly family: string;
  readonly inputDim: number;
  readonly latent: number;
  variables(): Record<string, tf.Variable>;
  /**
   * Training loss on a batch (rows are examples). `rows`: the batch's row indices in the training
   * matrix, for models with per-row parameters (CDAE's user vectors). Call inside tf.tidy.
   */
  loss(x: tf.Tensor2D, step: number, rows?: tf.Tensor1D): LossTerms;
  /** Evaluation loss terms (no noise, no dropout). Call inside tf.tidy. */
  evalLoss(x: tf.Tensor2D): LossTerms;
  /**
   * Dense autoencoders: how well it restores corrupted inputs, ℓ(x̂(x̃), x) with x̃ ~ q(x̃ | x)
   * drawn from `seed` under its live corruption settings, in evalLoss's units (the engine's
   * "test/denoiseError"). Call inside tf.tidy.
   */
  denoiseLoss?(x: tf.Tensor2D, seed: number): tf.Scalar;
  encode(x: tf.Tensor2D): tf.Tensor2D;
  decode(h: tf.Tensor2D): tf.Tensor2D;
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  /** K×d rows shown as tiles: what each code unit writes into the reconstruction. */
  weightRows(): tf.Tensor2D;
  /**
   * Applies settings that change live without a reset (a regularizer's weight λ,
   * the corruption level, the β schedule…): its family's live keys, from the settings table.
   * (Method syntax on purpose: a family's model takes its own Pick<Settings, …>.)
   */
  setLive?(params: Live): void;
  /** Data-dependent start (e.g. output bias = logit of the mean pixel), called once before training. */
  initFromData?(train: tf.Tensor2D): void;
  /**
   * The same from the training rows' mean x̄ alone (one value per column), for a start that needs
   * no more: the rows need not exist as a tensor (engine/images-on-device.ts). Trainer's
   * `initFromData(model, data)` calls whichever the model has.
   */
  initFromMean?(mean: tf.Tensor1D): void;
  /**
   * What the model's own panels show, computed on a fixed probe batch of test
   * inputs at snapshot time (a few times a second at most). Numbers are also
   * recorded in the metric history as "diag/<name>".
   */
  diagnostics?(probe: tf.Tensor2D): Promise<D>;
  /**
   * Ratings task, closed-form baselines only: predicted ratings for (user, item) index pairs,
   * computed by the model itself (an autoencoder's are read from its reconstruction).
   */
  predictRatings?(users: Int32Array, items: Int32Array): Float32Array;
  /**
   * Answers a model-specific request from a panel (e.g. 'interpolate' between two
   * test digits). `probe` is the same fixed batch of test inputs diagnostics use. The name is
   * one of the QueryMap's (src/engine/query-map.ts); the args come from another thread (or
   * window.lab), so the model checks them and says what is wrong.
   */
  query?(name: QueryName, args: unknown, probe: tf.Tensor2D): Promise<QueryResult<QueryName>>;
  dispose(): void;
}

/** Per-image sum of squared errors, averaged over the batch: (1/B) Σ_b ‖x̂_b − x_b‖². */
export function sumSquaredError(tfm: typeof tf, xHat: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tfm.mean(tfm.sum(tfm.square(tfm.sub(xHat, x)), 1));
}
