import type * as tf from '@tensorflow/tfjs';

export type Diagnostic = number | number[] | Float32Array;

/** Scalar loss terms by name (reconstruction, kl, sparsity, …) and their weighted total. */
export interface LossTerms {
  total: tf.Scalar;
  terms: Record<string, tf.Scalar>;
}

/**
 * An autoencoder the engine can train. Variables have stable names
 * ("encoder/kernel", "decoder/bias", …) used by exportWeights and the panels.
 */
export interface Autoencoder {
  readonly family: string;
  readonly inputDim: number;
  readonly latent: number;
  variables(): Record<string, tf.Variable>;
  /** Training loss on a batch (rows are examples). Call inside tf.tidy. */
  loss(x: tf.Tensor2D, step: number): LossTerms;
  /** Evaluation loss terms (no noise, no dropout). Call inside tf.tidy. */
  evalLoss(x: tf.Tensor2D): LossTerms;
  encode(x: tf.Tensor2D): tf.Tensor2D;
  decode(h: tf.Tensor2D): tf.Tensor2D;
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  /** K×d rows shown as tiles: what each code unit writes into the reconstruction. */
  weightRows(): tf.Tensor2D;
  /**
   * Applies settings that change live without a reset (a regularizer's weight λ,
   * the corruption level, the β schedule…). Keys are settings-schema names.
   */
  setLive?(params: Record<string, unknown>): void;
  /** Data-dependent start (e.g. output bias = logit of the mean pixel), called once before training. */
  initFromData?(train: tf.Tensor2D): void;
  /**
   * What the model's own panels show, computed on a fixed probe batch of test
   * inputs at snapshot time (a few times a second at most). Numbers are also
   * recorded in the metric history as "diag/<name>".
   */
  diagnostics?(probe: tf.Tensor2D): Promise<Record<string, Diagnostic>>;
  /**
   * Answers a model-specific request from a panel (e.g. 'interpolate' between two
   * test digits). `probe` is the same fixed batch of test inputs diagnostics use.
   */
  query?(name: string, args: unknown, probe: tf.Tensor2D): Promise<unknown>;
  dispose(): void;
}

/** Per-image sum of squared errors, averaged over the batch: (1/B) Σ_b ‖x̂_b − x_b‖². */
export function sumSquaredError(tfm: typeof tf, xHat: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tfm.mean(tfm.sum(tfm.square(tfm.sub(xHat, x)), 1));
}
