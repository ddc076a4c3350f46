import * as tf from '@tensorflow/tfjs';

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
 * act'(a), written through the output h where that is the textbook form:
 *   sigmoid: h(1 − h)    tanh: 1 − h²    relu: 1[a > 0]
 * Both a and h are passed so each case uses the cheaper one.
 */
export function activationDerivative(act: Activation, a: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    switch (act) {
      case 'sigmoid':
        // σ'(a) = σ(a)(1 − σ(a))
        return tf.mul(h, tf.sub(1, h)) as tf.Tensor2D;
      case 'tanh':
        // tanh'(a) = 1 − tanh²(a)
        return tf.sub(1, tf.square(h)) as tf.Tensor2D;
      case 'relu':
        // relu'(a) = 1[a > 0]
        return tf.step(a, 0) as tf.Tensor2D;
    }
  });
}
