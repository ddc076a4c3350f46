import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';

/**
 * y = x·W, whose gradients use explicit transposes:
 *   ∂L/∂x = ∂L/∂y · Wᵀ,   ∂L/∂W = xᵀ · ∂L/∂y.
 * tfjs's own gradient calls matMul with transpose flags, which the WASM backend
 * runs several times slower (measured: 4× per training step for 784-256-784).
 * ∂L/∂x is computed only when x depends on a trained variable (customOp): a first layer's
 * input is the data, and its ∂L/∂x would cost as many flops as the layer's forward product.
 */
export function matMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return customOp(
    { x, w },
    () => tf.matMul(x, w),
    (dy, s) => ({
      x: () => tf.matMul(dy as tf.Tensor2D, tf.transpose(s.w as tf.Tensor2D)),
      w: () => tf.matMul(tf.transpose(s.x as tf.Tensor2D), dy as tf.Tensor2D),
    }),
  ) as tf.Tensor2D;
}
