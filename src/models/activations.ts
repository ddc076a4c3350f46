import * as tf from '@tensorflow/tfjs-core';

/** Hidden and code unit non-linearities of the dense autoencoders. */
export type Activation = 'sigmoid' | 'relu' | 'tanh';

export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'relu', 'tanh'];

export function isActivation(v: unknown): v is Activation {
  return typeof v === 'string' && (ACTIVATIONS as readonly string[]).includes(v);
}

/** h = act(a). */
export function activate(act: Activation, a: tf.Tensor2D): tf.Tensor2D {
  switch (act) {
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'relu':
      return tf.relu(a);
    case 'tanh':
      return tf.tanh(a);
  }
}

/**
 * act'(a), read off the output h = act(a) (the textbook forms):
 *   sigmoid: h(1 − h)    tanh: 1 − h²    relu: 1[a > 0] = 1[h > 0]
 */
export function activationDerivative(act: Activation, h: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    switch (act) {
      case 'sigmoid':
        // σ'(a) = σ(a)(1 − σ(a))
        return tf.mul(h, tf.sub(1, h)) as tf.Tensor2D;
      case 'tanh':
        // tanh'(a) = 1 − tanh²(a)
        return tf.sub(1, tf.square(h)) as tf.Tensor2D;
      case 'relu':
        // relu'(a) = 1[a > 0], and a > 0 exactly where h = max(a, 0) > 0
        return tf.step(h, 0) as tf.Tensor2D;
    }
  });
}
