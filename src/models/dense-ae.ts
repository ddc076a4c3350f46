import * as tf from '@tensorflow/tfjs-core';
import { subSeed } from '../math/rng';
import type { LayeredEncoder } from './jacobian';
import type { Activation } from './activations';
import { codeDiagnostics, denoiseQuery, type CodeDiagnostics } from './ae-diagnostics';
import { layerwiseContraction } from './contraction';
import { corrupt, stepNoiseSeed } from './corruption';
import { mergeLiveParams, validateDenseAeOptions, DENSE_AE_DEFAULTS, type AeFamily, type DenseAeOptions, type LiveAeParams } from './dense-ae-options';
import { denseStack, layerNames, meanImageBias } from './layer-stack';
import { sumSquaredError, type Autoencoder, type LossTerms } from './model';
import { klSparsity, l1Sparsity } from './sparsity';
import { bernoulliNll } from './vae-likelihood';

export * from './dense-ae-options';

/** A dense autoencoder with its encoder exposed layer by layer (for the Jacobian) and its live settings. */
/** Its setLive merges the live keys it knows (validated) and ignores the rest of a settings object. */
export interface DenseAe extends Autoencoder<CodeDiagnostics, Partial<LiveAeParams> & Record<string, unknown>>, LayeredEncoder {
  readonly family: AeFamily;
  readonly hidden: readonly number[];
  /** Decoder pre-activations: x̂ = sigmoid(logits). */
  decodeLogits(h: tf.Tensor2D): tf.Tensor2D;
  /** Every dense AE has it (a plain one too: the baseline a denoising AE is compared with). */
  denoiseLoss(x: tf.Tensor2D, seed: number): tf.Scalar;
  liveParams(): LiveAeParams;
  /**
   * Data-dependent start: sets the output bias to logit(mean pixel), so x̂ starts at the mean
   * image. Without it the sigmoid output must first learn the dark background through the
   * code (Adam moves all 784·K decoder weights at once, far faster than the 784 biases), and
   * drives every sigmoid/tanh code unit into saturation (measured: mean h 0.93 after 400 steps,
   * cross-entropy 190 vs 105 with it). Call once, before training, with the training rows' mean x̄.
   */
  initFromMean(mean: tf.Tensor1D): void;
}

/**
 * Nonlinear dense autoencoder: h_l = act(h_{l−1} W_l + b_l) up to the code h (K units), a
 * mirrored decoder, and x̂ = sigmoid(logits). The family picks the regularizer:
 *   autoencoder  L = rec(x̂(x), x)
 *   sparse       L = rec + λ (1/B) Σ_b Σ_k |h_bk|   or   rec + β_s Σ_k KL(ρ‖ρ̂_k)
 *   denoising    L = rec(x̂(x̃), x), x̃ ~ q(x̃|x) drawn from (seed, step)  (Vincent et al. 2008)
 *   contractive  L = rec + λ ‖J_f(x)‖²_F, batch mean                   (Rifai et al. 2011)
 *                (with hidden layers: λ Σ_l ‖J_l‖²_F over the encoder layers, see contraction.ts)
 * Reported terms: 'reconstruction', and the UNWEIGHTED 'sparsity' or 'contraction'
 * (the total adds it times its live weight). evalLoss is the same objective on clean x.
 *
 * Variable names. No hidden layers: 'encoder/kernel' [D×K], 'encoder/bias' [K],
 * 'decoder/kernel' [K×D], 'decoder/bias' [D]. With hidden [H_0 … H_{n−1}]:
 * 'encoder/layer{i}/kernel|bias' (i < n, layer0 is [D×H_0]), 'code/kernel|bias' [H_{n−1}×K],
 * then 'decoder/layer{j}/kernel|bias' (j < n, layer0 is [K×H_{n−1}]) and 'decoder/out/kernel|bias'
 * [H_0×D]. Tied weights drop every decoder kernel (each is the mirrored encoder kernel's transpose).
 */
export function createDenseAe(o: DenseAeOptions): DenseAe {
  validateDenseAeOptions(o);
  let live = mergeLiveParams(DENSE_AE_DEFAULTS, { ...o }, o.family, o.activation);
  const act: Activation = o.activation;
  const noiseSeed = subSeed(o.seed, 'noise');
  const n = o.hidden.length;
  const widths = [o.inputDim, ...o.hidden, o.latent];
  const depth = widths.length - 1;

  // Encoder layer l is seeded seed + l, decoder layer j seed + depth + j. Every encoder layer,
  // the code included, is act(·); the decoder's last layer gives the logits.
  const encoder = denseStack({ names: n === 0 ? ['encoder'] : [...layerNames('encoder', n), 'code'], sizes: widths, seed: o.seed, activation: act });
  const decoder = denseStack({
    names: n === 0 ? ['decoder'] : [...layerNames('decoder', n), 'decoder/out'],
    sizes: [...widths].reverse(),
    seed: o.seed + depth,
    activation: act,
    output: 'linear',
    tiedTo: o.tiedWeights ? encoder : undefined,
  });
  const vars: Record<string, tf.Variable> = { ...encoder.variables, ...decoder.variables };

  const encoderLayers = encoder.forward;
  const encode = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => encoder.apply(x));
  const decodeLogits = (code: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => decoder.apply(code));
  const decode = (code: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.sigmoid(decodeLogits(code)));

  const reconstructionLoss = (logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar =>
    o.loss === 'squared'
      ? sumSquaredError(tf, tf.sigmoid(logits), x)
      : // Σ_i −[x log x̂ + (1−x) log(1−x̂)] = Σ_i max(l, 0) − l·x + log(1 + e^{−|l|})
        bernoulliNll(logits, x);

  /** The objective on input `xIn` scored against the clean target `x`. */
  const objective = (xIn: tf.Tensor2D, x: tf.Tensor2D): LossTerms => {
    const layers = encoderLayers(xIn);
    const code = layers[depth - 1].h;
    const reconstruction = reconstructionLoss(decodeLogits(code), x);
    if (o.family === 'sparse') {
      const sparsity = live.sparsityKind === 'l1' ? l1Sparsity(code) : klSparsity(code, live.sparsityTarget);
      return { total: tf.add(reconstruction, tf.mul(sparsity, live.sparsityWeight)), terms: { reconstruction, sparsity } };
    }
    if (o.family === 'contractive') {
      const contraction = layerwiseContraction(layers, act);
      return { total: tf.add(reconstruction, tf.mul(contraction, live.contractionWeight)), terms: { reconstruction, contraction } };
    }
    return { total: tf.clone(reconstruction), terms: { reconstruction } };
  };

  const tidyTerms = (f: () => LossTerms): LossTerms =>
    tf.tidy(() => {
      const { total, terms } = f();
      return { total, terms };
    });

  const loss = (x: tf.Tensor2D, step: number): LossTerms =>
    tidyTerms(() => {
      if (o.family !== 'denoising') return objective(x, x);
      // x̃ ~ q(x̃ | x), fixed by (seed, step); the target stays the clean x.
      return objective(corrupt(x, live.noiseKind, live.noiseLevel, stepNoiseSeed(noiseSeed, step)), x);
    });

  const model: DenseAe = {
    family: o.family,
    inputDim: o.inputDim,
    latent: o.latent,
    hidden: [...o.hidden],
    activation: act,
    encoderDepth: depth,
    variables: () => vars,
    loss,
    evalLoss: (x) => tidyTerms(() => objective(x, x)),
    // ℓ(x̂(x̃), x), x̃ ~ q(x̃ | x) from `seed`: the reconstruction term of the denoising objective, on any family.
    denoiseLoss: (x, seed) => tf.tidy(() => reconstructionLoss(decodeLogits(encode(corrupt(x, live.noiseKind, live.noiseLevel, seed))), x)),
    encode,
    encoderLayers,
    decode,
    decodeLogits,
    reconstruct: (x) => tf.tidy(() => decode(encode(x))),
    // What each first-layer unit looks at: [H_0×D] (or [K×D] with no hidden layers).
    weightRows: () => tf.transpose(encoder.kernel(0)),
    setLive: (params) => {
      live = mergeLiveParams(live, params, o.family, act);
    },
    liveParams: () => ({ ...live }),
    // b_out = logit(p̄): x̂ starts at the mean image.
    initFromMean: (mean) => tf.tidy(() => decoder.bias(depth - 1).assign(meanImageBias(mean))),
    diagnostics: (probe) => codeDiagnostics(model, probe),
    query: async (name, args, probe) => {
      if (name === 'denoise') return denoiseQuery(model, args, probe, live);
      throw new Error(`The ${o.family} autoencoder answers no query named "${name}".`);
    },
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
  return model;
}
