import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations';
import { denseStack, meanImageBias } from './layer-stack';
import { sumSquaredError, type Autoencoder, type LossTerms } from './model';

/*
 * One rung of greedy layer-wise pre-training (Hinton & Salakhutdinov 2006, with autoencoders in
 * place of RBMs as in Bengio et al. 2007): a one-hidden-layer autoencoder on the codes of the
 * rungs below it,
 *   h = act(u W_e + b_e),   û = out(h W_d + b_d),   L = (1/B) Σ_b ‖û_b − u_b‖²
 * where u is the pixels for the first rung (out = sigmoid, as the deep AE's output) and the
 * previous rung's code h_{l−1} above it (out = act, as the deep AE's inner decoder layers).
 * Trained rung by rung, its W_e, b_e become encoder layer l of the deep AE and its W_d, b_d the
 * mirrored decoder layer, so the stack starts from the rungs' weights instead of random ones.
 */

export interface GreedyLayerOptions {
  inputDim: number;
  /** Units of this rung's code (the deep AE's width at this layer). */
  width: number;
  activation: Activation;
  /** True for the first rung: its input is pixels and its output is sigmoid. */
  pixels: boolean;
  /** Seeds of the two kernels: the deep AE's seeds for the same two layers, so both start alike. */
  encoderSeed: number;
  decoderSeed: number;
}

export interface GreedyLayer extends Autoencoder {
  readonly pixels: boolean;
  /** Its encoder and decoder variables under 'encoder/kernel|bias' and 'decoder/kernel|bias'. */
  variables(): Record<'encoder/kernel' | 'encoder/bias' | 'decoder/kernel' | 'decoder/bias', tf.Variable>;
}

export function createGreedyLayer(o: GreedyLayerOptions): GreedyLayer {
  const encoder = denseStack({ names: ['encoder'], sizes: [o.inputDim, o.width], seed: o.encoderSeed, activation: o.activation });
  const decoder = denseStack({ names: ['decoder'], sizes: [o.width, o.inputDim], seed: o.decoderSeed, activation: o.pixels ? 'sigmoid' : o.activation });
  const vars = { ...encoder.variables, ...decoder.variables } as ReturnType<GreedyLayer['variables']>;

  const encode = (u: tf.Tensor2D) => tf.tidy(() => encoder.apply(u));
  const decode = (h: tf.Tensor2D) => tf.tidy(() => decoder.apply(h));
  // L = (1/B) Σ_b ‖û_b − u_b‖²
  const objective = (u: tf.Tensor2D): LossTerms =>
    tf.tidy(() => {
      const reconstruction = sumSquaredError(tf, decoder.apply(encoder.apply(u)), u);
      return { total: tf.clone(reconstruction), terms: { reconstruction } };
    });

  return {
    family: 'greedy-layer',
    pixels: o.pixels,
    inputDim: o.inputDim,
    latent: o.width,
    variables: () => vars,
    loss: (u) => objective(u),
    evalLoss: objective,
    encode,
    decode,
    reconstruct: (u) => tf.tidy(() => decoder.apply(encoder.apply(u))),
    weightRows: () => tf.transpose(encoder.kernel(0)),
    // The pixel rung starts at the mean image, b_d = logit(p̄), as the deep AE does (dense-ae.ts).
    initFromMean: o.pixels ? (mean) => tf.tidy(() => decoder.bias(0).assign(meanImageBias(mean))) : undefined,
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
}
