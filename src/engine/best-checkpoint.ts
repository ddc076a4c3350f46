import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/model';

/**
 * The best validation checkpoint of one run (one model object): its metrics `B` and a copy
 * of the weights they were measured with. Shared by the clicks and the ratings tasks.
 */
export class BestCheckpoint<B extends { step: number }> {
  best: B | null = null;
  private weights: Record<string, tf.Tensor> | null = null;

  constructor(readonly model: Autoencoder) {}

  /** Keeps `best` and a copy of the current weights (replacing the last copy). */
  save(best: B): void {
    this.disposeWeights();
    this.best = best;
    const copy: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(this.model.variables())) copy[k] = tf.clone(v);
    this.weights = copy;
  }

  /** Puts the best checkpoint's weights back into the model; returns its step. */
  restore(): number {
    if (!this.best || !this.weights) throw new Error('There is no best checkpoint yet: train a few steps first.');
    for (const [k, v] of Object.entries(this.model.variables())) v.assign(this.weights[k]);
    return this.best.step;
  }

  private disposeWeights(): void {
    if (this.weights) tf.dispose(Object.values(this.weights));
    this.weights = null;
  }

  dispose(): void {
    this.disposeWeights();
  }
}
