import * as tf from '@tensorflow/tfjs-core';
import { activationDerivative, type Activation } from './activations';
import { layerJacobianNormPerExample, type EncoderLayer } from './contraction';

/** An encoder made of dense layers h_l = act(h_{l−1} W_l + b_l), as the dense autoencoders expose it. */
export interface LayeredEncoder {
  readonly activation: Activation;
  /** Number of encoder layers, the code layer included (1 when there are no hidden layers). */
  readonly encoderDepth: number;
  /** Every encoder layer's kernel and output on x; the last h is the code. */
  encoderLayers(x: tf.Tensor2D): EncoderLayer[];
}

/**
 * Exact ‖J_f(x_b)‖²_F of a dense encoder for every example, [B], without forming J.
 * One layer: the closed form Σ_j act'(a_j)² Σ_i W_ij². A stack (row-vector convention,
 * J_l = J_{l−1} W_l D_l with D_l = diag act'(a_l)) carries S_l = J_lᵀ J_l [H_l × H_l]:
 *   S_1 = D_1 (W_1ᵀ W_1) D_1,   S_l = D_l W_lᵀ S_{l−1} W_l D_l,   ‖J_f‖²_F = tr S_L.
 * That costs B·H² memory per layer, so callers pass modest batches (meanJacobianNorm slices).
 */
export function jacobianNormPerExample(layers: EncoderLayer[], act: Activation): tf.Tensor1D {
  if (layers.length === 1) return layerJacobianNormPerExample(layers[0], act);
  return tf.tidy(() => {
    const b = layers[0].h.shape[0];
    const slope = (l: EncoderLayer) => activationDerivative(act, l.h);
    const first = layers[0];
    const d1 = slope(first);
    const h1 = first.kernel.shape[1];
    // S_1 = D_1 (W_1ᵀ W_1) D_1, one H×H matrix per example
    const gram = tf.matMul(first.kernel, first.kernel, true, false);
    let s = tf.mul(tf.mul(tf.reshape(d1, [b, h1, 1]), gram), tf.reshape(d1, [b, 1, h1])) as tf.Tensor3D;
    for (let l = 1; l < layers.length; l++) {
      const { kernel } = layers[l];
      const [hin, hout] = kernel.shape;
      const d = slope(layers[l]);
      // S W: [B × H_in × H_out]
      const sw = tf.reshape(tf.matMul(tf.reshape(s, [b * hin, hin]), kernel), [b, hin, hout]);
      if (l === layers.length - 1) {
        // tr S_L = Σ_k d_k² (Wᵀ S W)_kk = Σ_k d_k² Σ_i W_ik (S W)_ik
        const diag = tf.sum(tf.mul(sw, tf.reshape(kernel, [1, hin, hout])), 1);
        return tf.sum(tf.mul(tf.square(d), diag), 1) as tf.Tensor1D;
      }
      // Wᵀ S W, then D (·) D
      const swT = tf.reshape(tf.transpose(sw, [0, 2, 1]), [b * hout, hin]);
      const wsw = tf.reshape(tf.matMul(swT, kernel), [b, hout, hout]);
      s = tf.mul(tf.mul(tf.reshape(d, [b, hout, 1]), wsw), tf.reshape(d, [b, 1, hout])) as tf.Tensor3D;
    }
    throw new Error('unreachable');
  });
}

/**
 * (1/B) Σ_b ‖J_f(x_b)‖²_F: how strongly the code reacts to small input changes, averaged
 * over a batch (the contractive AE's diagnostic). Exact for any depth; stacks are done in
 * slices of `sliceSize` rows to bound the B·H² scratch memory. Returns a scalar tensor.
 */
export function meanJacobianNorm(model: LayeredEncoder, x: tf.Tensor2D, sliceSize = 32): tf.Scalar {
  return tf.tidy(() => {
    const n = x.shape[0];
    const step = model.encoderDepth === 1 ? n : Math.max(1, sliceSize);
    const sums: tf.Scalar[] = [];
    for (let start = 0; start < n; start += step) {
      const rows = tf.slice(x, [start, 0], [Math.min(step, n - start), -1]);
      sums.push(tf.sum(jacobianNormPerExample(model.encoderLayers(rows), model.activation)));
    }
    return tf.div(tf.addN(sums), n) as tf.Scalar;
  });
}
