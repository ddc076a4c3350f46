import * as tf from '@tensorflow/tfjs-core';
import { activationDerivative, type Activation } from './activations';

/**
 * The contractive penalty (Rifai et al. 2011): the squared Frobenius norm of the encoder's
 * Jacobian, ‖J_f(x)‖²_F = Σ_j Σ_i (∂h_j/∂x_i)², which is small when the code barely moves
 * as x moves. For one layer h = act(xW + b), ∂h_j/∂x_i = act'(a_j) W_ij, so
 *   ‖J_f(x)‖²_F = Σ_j act'(a_j)² Σ_i W_ij²
 * (sigmoid: act' = h(1−h); tanh: 1−h²; relu: 1[a>0]) — no Jacobian is ever formed.
 * Call inside tf.tidy.
 */

/** One dense encoder layer on a batch: kernel W [in × out] and h = act(xW + b) [B × out]. */
export interface EncoderLayer {
  kernel: tf.Tensor2D;
  h: tf.Tensor2D;
}

/** ‖J‖²_F of one layer for every example: Σ_j act'(a_bj)² Σ_i W_ij², [B]. */
export function layerJacobianNormPerExample(layer: EncoderLayer, act: Activation): tf.Tensor1D {
  return tf.tidy(() => {
    const columnNorms = tf.sum(tf.square(layer.kernel), 0); // Σ_i W_ij², [out]
    const slope = activationDerivative(act, layer.h); // act'(a_bj), from h
    return tf.sum(tf.mul(tf.square(slope), columnNorms), 1) as tf.Tensor1D;
  });
}

/** (1/B) Σ_b Σ_j act'(a_bj)² Σ_i W_ij²: the contractive penalty of one layer, batch mean. */
export function contractionPenalty(layer: EncoderLayer, act: Activation): tf.Scalar {
  return tf.tidy(() => tf.mean(layerJacobianNormPerExample(layer, act)) as tf.Scalar);
}

/**
 * Σ_l ‖∂h_l/∂h_{l−1}‖²_F over a stack of encoder layers, batch mean. For a single layer it
 * is exactly ‖J_f(x)‖²_F. For a stack it penalises every layer's own Jacobian, as a stack
 * of CAEs does (Rifai et al. 2011, CAE-2): J_f is the product of the layer Jacobians, so
 * ‖J_f‖²_F ≤ Π_l ‖J_l‖²_F ≤ (Σ_l ‖J_l‖²_F / L)^L, and the exact product would cost a
 * per-example H×H matrix chain at every step.
 */
export function layerwiseContraction(layers: EncoderLayer[], act: Activation): tf.Scalar {
  return tf.tidy(() => tf.addN(layers.map((l) => contractionPenalty(l, act))) as tf.Scalar);
}
