import * as tf from '@tensorflow/tfjs';
import { affine, l2NormalizeRows, multinomialNll, xavierLayer } from './dense-layer';
import type { Autoencoder, LossTerms } from './model';
import type { MultAeOptions } from './mult-vae';

export interface MultDaeOptions extends MultAeOptions {
  /** Weight decay λ: the loss adds λ · Σ ‖W‖² over the kernels (2 × tf's l2_regularizer). */
  weightDecay: number;
}

/**
 * Mult-DAE (Liang et al. 2018): x → L2-normalise → dropout → tanh layers → code → tanh
 * layers → logits. Loss per user: −Σ_i x_i log softmax(logits)_i + λ Σ ‖W‖².
 */
export function createMultDae(o: MultDaeOptions): Autoencoder {
  if (!(o.weightDecay >= 0)) throw new Error(`weight decay must be ≥ 0 (got ${o.weightDecay}).`);
  const dims = [o.items, ...o.hidden, o.latent, ...[...o.hidden].reverse(), o.items];
  const vars: Record<string, tf.Variable> = {};
  const half = o.hidden.length + 1;
  dims.slice(1).forEach((d, i) => {
    const l = xavierLayer(dims[i], d, o.seed + i);
    const name = i < half ? `encoder/layer${i}` : `decoder/layer${i - half}`;
    vars[`${name}/kernel`] = l.kernel;
    vars[`${name}/bias`] = l.bias;
  });
  const kernels = () => Object.entries(vars).filter(([k]) => k.endsWith('kernel')).map(([, v]) => v);
  const layers = dims.length - 1;
  const run = (x: tf.Tensor2D, from: number, to: number): tf.Tensor2D => {
    let h = x;
    for (let i = from; i < to; i++) {
      const name = i < half ? `encoder/layer${i}` : `decoder/layer${i - half}`;
      const a = affine(h, vars[`${name}/kernel`], vars[`${name}/bias`]);
      h = i < layers - 1 ? tf.tanh(a) : a;
    }
    return h;
  };
  const encode = (x: tf.Tensor2D, train = false, step = 0) => {
    let h = l2NormalizeRows(x);
    if (train && o.keepProb < 1) h = tf.dropout(h, 1 - o.keepProb, undefined, o.seed * 7 + step) as tf.Tensor2D;
    return run(h, 0, half);
  };
  const decode = (h: tf.Tensor2D) => run(h, half, layers);
  const terms = (x: tf.Tensor2D, train: boolean, step: number): LossTerms => {
    const reconstruction = multinomialNll(decode(encode(x, train, step)), x);
    const decay = tf.mul(tf.addN(kernels().map((w) => tf.sum(tf.square(w)))), o.weightDecay) as tf.Scalar;
    return { total: tf.add(reconstruction, decay), terms: { reconstruction, weightDecay: decay } };
  };
  return {
    family: 'mult-dae',
    inputDim: o.items,
    latent: o.latent,
    variables: () => vars,
    loss: (x, step) => terms(x, true, step),
    evalLoss: (x) => terms(x, false, 0),
    encode: (x) => encode(x),
    decode,
    reconstruct: (x) => decode(encode(x)),
    weightRows: () => tf.clone(vars['decoder/layer0/kernel']) as tf.Tensor2D,
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
