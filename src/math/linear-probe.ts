import * as tf from '@tensorflow/tfjs-core';

/** How a linear probe is trained: full-batch Adam on the softmax cross-entropy. */
export interface ProbeOptions {
  /** Adam steps over the whole training set. */
  steps: number;
  learningRate: number;
  /** L2 weight on W (keeps raw pixels, which are many, from overfitting a small set). */
  l2: number;
  classes: number;
}

export const PROBE_DEFAULTS: ProbeOptions = { steps: 300, learningRate: 0.05, l2: 1e-3, classes: 10 };

export interface ProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
}

/**
 * Linear probe (feature learning): softmax regression p(y|f) = softmax(f W + b) on frozen
 * features f, standardised with the training mean and spread. Trained on
 * L = −(1/n) Σ_i log p(y_i | f_i) + l2 ‖W‖², accuracy read on held-out rows.
 * Features are n×d row-major; labels are class indices. Every tensor is disposed.
 */
export async function linearProbe(
  trainF: Float32Array,
  trainY: ArrayLike<number>,
  testF: Float32Array,
  testY: ArrayLike<number>,
  d: number,
  options: Partial<ProbeOptions> = {},
): Promise<ProbeResult> {
  const o = { ...PROBE_DEFAULTS, ...options };
  const nTrain = trainY.length;
  const nTest = testY.length;
  if (!(d >= 1 && trainF.length === nTrain * d && testF.length === nTest * d && nTrain > 0 && nTest > 0)) {
    throw new Error(`A probe needs n×${d} features for its ${nTrain} training and ${nTest} test labels.`);
  }
  if (!(Number.isInteger(o.steps) && o.steps >= 1 && o.steps <= 5000)) throw new Error(`Probe steps must be a whole number from 1 to 5000; got ${o.steps}.`);
  const data = tf.tidy(() => {
    const xTrain = tf.tensor2d(trainF, [nTrain, d]);
    const mean = tf.mean(xTrain, 0);
    // z = (f − mean) / (sd + ε): one step size suits every representation
    const sd = tf.add(tf.sqrt(tf.mean(tf.square(tf.sub(xTrain, mean)), 0)), 1e-6);
    const std = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), sd) as tf.Tensor2D;
    return {
      xTrain: std(xTrain),
      xTest: std(tf.tensor2d(testF, [nTest, d])),
      yTrain: tf.cast(tf.oneHot(tf.tensor1d(Array.from(trainY), 'int32'), o.classes), 'float32') as tf.Tensor2D,
    };
  });
  // tidy: tf.variable copies its initial value, which would otherwise stay behind.
  const w = tf.tidy(() => tf.variable(tf.zeros([d, o.classes]), true));
  const b = tf.tidy(() => tf.variable(tf.zeros([o.classes]), true));
  const optimizer = tf.train.adam(o.learningRate);
  try {
    for (let s = 0; s < o.steps; s++) {
      optimizer.minimize(() =>
        tf.tidy(() => {
          const logits = tf.add(tf.matMul(data.xTrain, w), b) as tf.Tensor2D;
          // −(1/n) Σ_i Σ_c y_ic log softmax(logits)_ic + l2 ‖W‖²
          const nll = tf.neg(tf.mean(tf.sum(tf.mul(data.yTrain, tf.logSoftmax(logits)), 1)));
          return tf.add(nll, tf.mul(o.l2, tf.sum(tf.square(w)))) as tf.Scalar;
        }),
      );
    }
    const predict = (x: tf.Tensor2D) => tf.tidy(() => tf.argMax(tf.add(tf.matMul(x, w), b), 1));
    const [pTrain, pTest] = [predict(data.xTrain), predict(data.xTest)];
    const [a, c] = await Promise.all([pTrain.data(), pTest.data()]);
    tf.dispose([pTrain, pTest]);
    return { trainAccuracy: accuracy(a, trainY), testAccuracy: accuracy(c, testY) };
  } finally {
    optimizer.dispose();
    tf.dispose([w, b, data.xTrain, data.xTest, data.yTrain]);
  }
}

/** Share of predictions equal to the labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hit++;
  return labels.length ? hit / labels.length : 0;
}
