import * as tf from '@tensorflow/tfjs';

// Test oracles: the Jacobian by automatic differentiation, the reference the closed-form
// ‖J_f‖²_F of src/models/jacobian.ts (the contractive penalty and its diagnostic) is checked against.

/**
 * J_b = ∂f(x_b)/∂x_b for every row of x by automatic differentiation: [B × D × K].
 * f must act row by row (row b of f(x) depends only on x_b), so the gradient of
 * Σ_b f(x)_bk with respect to x holds ∂f_k/∂x_b in row b: one tf.grad per output unit k.
 * Costs K backward passes: for small networks (the gradient check), not for training.
 */
export function jacobianByAutodiff(f: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const k = f(x).shape[1];
    const columns: tf.Tensor2D[] = [];
    for (let j = 0; j < k; j++) {
      // ∇_x Σ_b f(x)_bj
      const grad = tf.grad((xv: tf.Tensor) => tf.sum(tf.slice(f(xv as tf.Tensor2D), [0, j], [-1, 1])));
      columns.push(grad(x) as tf.Tensor2D);
    }
    return tf.stack(columns, 2) as tf.Tensor3D;
  });
}

/** ‖J_b‖²_F = Σ_i Σ_k J_bik² per example from an autodiff Jacobian, [B]. */
export function frobeniusSquaredPerExample(jacobian: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(jacobian), [1, 2]) as tf.Tensor1D);
}
