import * as tf from '@tensorflow/tfjs';

// Variables stay unnamed in tfjs (names must be unique across live models); the
// models key them by stable names instead. The initial values are tidied away.

/** Glorot/Xavier uniform: U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out))), seeded. */
export function glorotUniform(shape: [number, number], seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed)));
}

export function zeros(size: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([size])));
}
