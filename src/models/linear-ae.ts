import * as tf from '@tensorflow/tfjs-core';
import { affine, glorotUniform, zeros } from './layer-stack';
import { sumSquaredError, type Autoencoder, type LossTerms } from './model';

export interface LinearAeOptions {
  inputDim: number;
  latent: number;
  tiedWeights: boolean;
  bias: boolean;
  seed: number;
}

/**
 * Linear autoencoder: h = x W_e + b_e, x̂ = h W_d + b_d, with W_d = W_eᵀ when tied.
 * Trained on squared error its decoder spans the top-K PCA subspace (Baldi & Hornik 1989).
 */
export function createLinearAe(o: LinearAeOptions): Autoencoder {
  const vars: Record<string, tf.Variable> = {};
  vars['encoder/kernel'] = glorotUniform([o.inputDim, o.latent], o.seed);
  if (o.bias) vars['encoder/bias'] = zeros(o.latent);
  if (!o.tiedWeights) vars['decoder/kernel'] = glorotUniform([o.latent, o.inputDim], o.seed + 1);
  if (o.bias) vars['decoder/bias'] = zeros(o.inputDim);

  const decoderKernel = (): tf.Tensor2D => (o.tiedWeights ? tf.transpose(vars['encoder/kernel'] as tf.Tensor2D) : (vars['decoder/kernel'] as tf.Tensor2D));

  // h = x W_e + b_e,  x̂ = h W_d + b_d  (no biases: b = 0)
  const encode = (x: tf.Tensor2D): tf.Tensor2D => affine(x, vars['encoder/kernel'] as tf.Tensor2D, vars['encoder/bias']);
  const decode = (h: tf.Tensor2D): tf.Tensor2D => affine(h, decoderKernel(), vars['decoder/bias']);
  const reconstruct = (x: tf.Tensor2D) => decode(encode(x));
  const lossOf = (x: tf.Tensor2D): LossTerms => {
    const reconstruction = sumSquaredError(tf, reconstruct(x), x);
    return { total: reconstruction, terms: { reconstruction } };
  };

  return {
    family: 'linear',
    inputDim: o.inputDim,
    latent: o.latent,
    variables: () => vars,
    loss: (x) => lossOf(x),
    evalLoss: lossOf,
    encode,
    decode,
    reconstruct,
    weightRows: decoderKernel,
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
