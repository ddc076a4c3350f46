import * as tf from '@tensorflow/tfjs-core';
import { activate, activationDerivative, type Activation } from './activations';
import { customOp } from './custom-op';

/** A dense layer's non-linearity; 'linear' is the identity (logits, μ, log σ²). */
export type LayerActivation = Activation | 'linear';

/**
 * h = act(x W + b) as one op, its backward written out (δ = ∂L/∂a, a = x W + b):
 *   δ = ∂L/∂h ⊙ act'(a) (act' from h: activations.ts),   ∂L/∂b = Σ_rows δ,   ∂L/∂W = xᵀ δ,   ∂L/∂x = δ Wᵀ
 * The products use explicit transposes (see matmul.ts). One node on the tape instead of three
 * (matMul, add, act, each keeping copies of its own inputs): on WASM, at ConvNetJS's 50-unit
 * layers, a step's cost is its kernel calls more than its arithmetic. ∂L/∂x is computed only
 * when x depends on a trained variable (customOp): not for a first layer's data.
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor, act: LayerActivation): tf.Tensor2D {
  return customOp(
    { x, w, b },
    () =>
      tf.tidy(() => {
        const a = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
        return act === 'linear' ? a : activate(act, a);
      }),
    (dh, s, h) => {
      // δ once, for the three thunks; the backward pass's own scope frees it when the pass ends.
      const delta = act === 'linear' ? (dh as tf.Tensor2D) : (tf.mul(dh, activationDerivative(act, h as tf.Tensor2D)) as tf.Tensor2D);
      return {
        x: () => tf.matMul(delta, tf.transpose(s.w as tf.Tensor2D)),
        w: () => tf.matMul(tf.transpose(s.x as tf.Tensor2D), delta),
        b: () => tf.sum(delta, 0),
      };
    },
    // b's gradient needs only δ; δ needs h unless the layer is linear.
    { inputs: ['x', 'w'], output: act !== 'linear' },
  ) as tf.Tensor2D;
}
