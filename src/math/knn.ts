import * as tf from '@tensorflow/tfjs-core';

/**
 * k-nearest-neighbour accuracy: each test row takes the majority label of its k nearest
 * training rows in Euclidean distance, ‖a − b‖² = ‖a‖² − 2 a·b + ‖b‖² (ties: the nearest
 * neighbour's label). `leaveOneOut`: test = train, each row's own match is skipped.
 */
export async function knnAccuracy(
  trainF: Float32Array,
  trainY: ArrayLike<number>,
  testF: Float32Array,
  testY: ArrayLike<number>,
  d: number,
  k = 5,
  leaveOneOut = false,
): Promise<number> {
  const nTrain = trainY.length;
  const nTest = testY.length;
  if (!(trainF.length === nTrain * d && testF.length === nTest * d && nTrain > k)) {
    throw new Error(`kNN needs n×${d} features for ${nTrain} training and ${nTest} test labels, and more than k = ${k} training rows.`);
  }
  const take = leaveOneOut ? k + 1 : k;
  const idx = tf.tidy(() => {
    const a = tf.tensor2d(testF, [nTest, d]);
    const b = tf.tensor2d(trainF, [nTrain, d]);
    const d2 = tf.add(tf.sub(tf.sum(tf.square(a), 1, true), tf.mul(2, tf.matMul(a, b, false, true))), tf.reshape(tf.sum(tf.square(b), 1), [1, nTrain]));
    return tf.topk(tf.neg(d2), take).indices;
  });
  const near = await idx.data();
  idx.dispose();
  let hit = 0;
  const votes = new Map<number, number>();
  for (let i = 0; i < nTest; i++) {
    votes.clear();
    let first = -1;
    let used = 0;
    for (let j = 0; j < take && used < k; j++) {
      const t = near[i * take + j];
      if (leaveOneOut && t === i) continue;
      const y = trainY[t];
      if (first < 0) first = y;
      votes.set(y, (votes.get(y) ?? 0) + 1);
      used++;
    }
    let best = first;
    for (const [y, v] of votes) if (v > (votes.get(best) ?? 0)) best = y;
    if (best === testY[i]) hit++;
  }
  return hit / nTest;
}
