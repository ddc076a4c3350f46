import * as tf from '@tensorflow/tfjs-core';
import { FusedAdam } from './fused-adam';
import { wasmHeap } from './wasm-heap';

export type OptimizerName = 'adam' | 'sgd';

/** What the trainer needs of an optimizer: one step, a live learning rate, disposal. */
export interface StepOptimizer {
  /** One update on f's gradient with respect to `vars`; returns f's value (the caller disposes it). */
  minimize(f: () => tf.Scalar, vars: tf.Variable[]): tf.Scalar;
  /** Changes the learning rate without losing the optimizer's state (Adam's moments). */
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

/** tfjs's own optimizer; it reads `learningRate` on every update but types it as protected. */
function tfjsOptimizer(optimizer: tf.Optimizer): StepOptimizer {
  return {
    minimize: (f, vars) => optimizer.minimize(f, true, vars) as tf.Scalar,
    setLearningRate: (lr) => {
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
    },
    dispose: () => optimizer.dispose(),
  };
}

/**
 * Adam on a WASM backend is the fused one-pass update (fused-adam.ts: the same formula, far
 * fewer kernels); elsewhere, and SGD everywhere, tfjs's own. Call it on the backend the run
 * trains on: a run that moves backend restarts its optimizer (a device loss, say).
 */
export function createOptimizer(name: OptimizerName, learningRate: number): StepOptimizer {
  if (name === 'adam' && wasmHeap()) return new FusedAdam(learningRate);
  return tfjsOptimizer(name === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate));
}
