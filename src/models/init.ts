import * as tf from '@tensorflow/tfjs';

/** Glorot/Xavier uniform: U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out))), seeded. */
export function glorotUniform(shape: [number, number], seed: number, name: string): tf.Variable {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed), true, name);
}

export function zeros(size: number, name: string): tf.Variable {
  return tf.variable(tf.zeros([size]), true, name);
}
