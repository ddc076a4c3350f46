import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';

/** Xavier/Glorot-normal kernel and small truncated-normal bias, as in Liang et al.'s code. */
export function xavierLayer(fanIn: number, fanOut: number, seed: number): { kernel: tf.Variable; bias: tf.Variable } {
  return tf.tidy(() => {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    return {
      kernel: tf.variable(tf.randomNormal([fanIn, fanOut], 0, std, 'float32', seed)),
      bias: tf.variable(tf.truncatedNormal([fanOut], 0, 0.001, 'float32', seed + 7919)),
    };
  });
}

/** a = x W + b */
export function affine(x: tf.Tensor2D, kernel: tf.Variable, bias: tf.Variable): tf.Tensor2D {
  return tf.add(matMul(x, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
}

/** Row-wise L2 normalisation x / ‖x‖₂ (rows of zeros stay zero). */
export function l2NormalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12)) as tf.Tensor2D;
}

/** Multinomial log-likelihood per user, averaged: −(1/B) Σ_b Σ_i x_bi · log softmax(logits_b)_i. */
export function multinomialNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), x), 1))) as tf.Scalar;
}
