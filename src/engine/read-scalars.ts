import * as tf from '@tensorflow/tfjs-core';

/**
 * Reads named scalars back with one await data() (never dataSync) and disposes them: stacked
 * first, so a chunk's loss terms cost one GPU readback on WebGPU, not one per term.
 */
export async function readScalars(scalars: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const names = Object.keys(scalars);
  if (!names.length) return {};
  const stacked = tf.stack(names.map((n) => scalars[n]));
  const values = await stacked.data();
  tf.dispose([stacked, ...Object.values(scalars)]);
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
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
