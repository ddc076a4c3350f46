import * as tf from '@tensorflow/tfjs-core';
import { checkClickLikelihood, clickNll, type ClickLikelihood } from './click-likelihoods';
import { l2NormalizeRows } from './dense-layer';
import { affine, glorotUniform, zeros } from './layer-stack';
import type { Autoencoder, LossTerms } from './model';

export interface LinearRecommenderOptions {
  items: number;
  /** Rank K of the item–item map V Qᵀ. */
  latent: number;
  /** λ of the penalty λ (‖V‖² + ‖Q‖²). */
  weightDecay: number;
  likelihood?: ClickLikelihood;
  seed: number;
}

/**
 * The linear autoencoder as a recommender: Asymmetric MF (Paterek 2007) read as an autoencoder
 * (Liang's retrospective). A user is their normalised clicks, p_u = x̃_u V with x̃_u = x_u / √|I_u|
 * (= x_u / ‖x_u‖₂ for 0/1 clicks); the scores are
 *   f_u = x̃_u V Qᵀ + b,
 * a rank-K item–item model. Encoding with V is amortization: one matrix product per user, no
 * per-user parameters. Loss: the click likelihood (multinomial by default) + λ (‖V‖² + ‖Q‖²).
 */
export function createLinearRecommender(o: LinearRecommenderOptions): Autoencoder {
  if (!(o.weightDecay >= 0)) throw new Error(`weight decay must be ≥ 0 (got ${o.weightDecay}).`);
  const likelihood = checkClickLikelihood(o.likelihood);
  // Names as the Mult models' (the units panel reads decoder/layer0/kernel: Qᵀ's rows).
  const vars: Record<string, tf.Variable> = {
    'encoder/layer0/kernel': glorotUniform([o.items, o.latent], o.seed),
    'decoder/layer0/kernel': glorotUniform([o.latent, o.items], o.seed + 1),
    'decoder/layer0/bias': zeros(o.items),
  };
  const V = vars['encoder/layer0/kernel'] as tf.Variable<tf.Rank.R2>;
  const Qt = vars['decoder/layer0/kernel'] as tf.Variable<tf.Rank.R2>;
  const encode = (x: tf.Tensor2D) => affine(l2NormalizeRows(x), V); // p_u = x̃_u V
  const decode = (p: tf.Tensor2D) => affine(p, Qt, vars['decoder/layer0/bias']); // f_u = p_u Qᵀ + b
  const terms = (x: tf.Tensor2D): LossTerms => {
    const reconstruction = clickNll(likelihood, decode(encode(x)), x);
    const decay = tf.mul(tf.add(tf.sum(tf.square(V)), tf.sum(tf.square(Qt))), o.weightDecay) as tf.Scalar;
    return { total: tf.add(reconstruction, decay), terms: { reconstruction, weightDecay: decay } };
  };
  return {
    family: 'linear',
    inputDim: o.items,
    latent: o.latent,
    variables: () => vars,
    loss: (x) => terms(x),
    evalLoss: terms,
    encode,
    decode,
    reconstruct: (x) => decode(encode(x)),
    weightRows: () => tf.clone(Qt),
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
