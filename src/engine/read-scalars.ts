import * as tf from '@tensorflow/tfjs';

/** Reads named scalars back with await data() (never dataSync) and disposes them. */
export async function readScalars(scalars: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const names = Object.keys(scalars);
  const values = await Promise.all(names.map((n) => scalars[n].data()));
  tf.dispose(Object.values(scalars));
  return Object.fromEntries(names.map((n, i) => [n, values[i][0]]));
}

/**
 * Reads a tensor's values into a fresh array (safe to transfer: some backends hand
 * out their own cached buffer from data()) and disposes the tensor.
 */
export async function readFloats(t: tf.Tensor): Promise<Float32Array> {
  const values = Float32Array.from((await t.data()) as Float32Array);
  t.dispose();
  return values;
}
