import * as tf from '@tensorflow/tfjs';

export type OptimizerName = 'adam' | 'sgd';

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  return name === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate);
}

/**
 * Changes the learning rate of a live optimizer without losing its state (Adam's
 * moments). tfjs reads `learningRate` on every update but types it as protected.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
