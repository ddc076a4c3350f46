import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Autoencoder } from '../models/model';
import { AE_FAMILIES } from '../models/dense-ae-options';
import type { Settings } from '../settings/schema';

/*
 * The trained model as two TensorFlow.js Layers models, encoder and decoder, that
 * tf.loadLayersModel reads. They are real tf.sequential / tf.model graphs of Dense layers built
 * from the lab's weights, and tfjs writes their topology itself (model.save with a save handler).
 *
 * The lab multiplies row vectors, a = x W + b with W [in × out]: Dense's kernel layout, so the
 * kernels go in as they are and keep the lab's names ('encoder/layer0/kernel', …). Tied decoders
 * get their kernels written out (W_j = W_{n−1−j}ᵀ of the encoder).
 *
 * Every activation the lab uses (sigmoid, relu, tanh, identity) is a tfjs-layers one. The one
 * step tfjs-layers lacks is the recommenders' input normalisation x / ‖x‖₂ (no such layer, and a
 * custom one would need registering before loading): their encoder takes the normalised rows,
 * and `input: 'l2-normalized'` says so.
 */

/** One Layers model's parts, as model.save hands them over: what model.json and its .bin hold. */
export interface LayersArtifacts {
  modelTopology: object;
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  weightData: ArrayBuffer;
}

export interface LayersExport {
  encoder: LayersArtifacts;
  decoder: LayersArtifacts;
  /** What the encoder takes: the rows as they are, or each divided by its L2 norm (max(‖x‖₂, 10⁻¹²)). */
  input: 'x' | 'l2-normalized';
  /** What the encoder gives: the code, or two outputs [μ, log σ²] (the decoder takes z, e.g. μ). */
  encoderOutputs: 'code' | 'mu-logvar';
  /** What the decoder gives: pixel means in [0, 1] (sigmoid), scores over items (logits), or a linear reconstruction. */
  decoderOutput: 'sigmoid' | 'logits' | 'linear';
}

type DenseActivation = 'sigmoid' | 'relu' | 'tanh' | 'linear';

/** One Dense layer: its lab name (its weights are '<name>/kernel' and '<name>/bias'), kernel [in × out], bias and activation. */
interface DenseSpec {
  name: string;
  kernel: tf.Tensor2D;
  bias?: tf.Tensor;
  activation: DenseActivation;
}

interface Plan {
  encoder: DenseSpec[];
  /** The VAE's two linear heads after the encoder trunk: μ and log σ². */
  heads?: [DenseSpec, DenseSpec];
  decoder: DenseSpec[];
  input: LayersExport['input'];
  decoderOutput: LayersExport['decoderOutput'];
}

/** Layer names '<prefix>/layer0' … while the model has their kernels (or biases, for a tied decoder). */
function numbered(vars: Record<string, tf.Variable>, prefix: string): string[] {
  const names: string[] = [];
  while (`${prefix}/layer${names.length}/kernel` in vars || `${prefix}/layer${names.length}/bias` in vars) names.push(`${prefix}/layer${names.length}`);
  return names;
}

/**
 * The model's layers in order, with their activations, read from its family and its variables' names
 * (see each model's file for the naming). `owned` collects tensors made here (transposes) to dispose.
 */
function planFor(model: Autoencoder, settings: Pick<Settings, 'activation' | 'vaeActivation'>, owned: tf.Tensor[]): Plan {
  const vars = model.variables();
  const spec = (name: string, activation: DenseActivation, kernel?: tf.Tensor2D): DenseSpec => {
    const k = kernel ?? (vars[`${name}/kernel`] as tf.Tensor2D | undefined);
    if (!k) throw new Error(`The ${model.family} model has no ${name}/kernel to export.`);
    return { name, kernel: k, bias: vars[`${name}/bias`], activation };
  };
  const layers = (names: string[], hidden: DenseActivation, last: DenseActivation) => names.map((n, i) => spec(n, i < names.length - 1 ? hidden : last));
  const transposed = (k: tf.Tensor2D) => {
    const t = tf.transpose(k);
    owned.push(t);
    return t;
  };
  const family = model.family;

  if ((AE_FAMILIES as readonly string[]).includes(family)) {
    // x → act layers → code (act) → mirrored act layers → sigmoid(logits)
    const hidden = numbered(vars, 'encoder');
    const act = settings.activation;
    const encoder = layers(hidden.length ? [...hidden, 'code'] : ['encoder'], act, act);
    const decoderNames = hidden.length ? [...numbered(vars, 'decoder'), 'decoder/out'] : ['decoder'];
    const decoder = decoderNames.map((name, j) => {
      const tied = !(`${name}/kernel` in vars);
      return spec(name, j < decoderNames.length - 1 ? act : 'sigmoid', tied ? transposed(encoder[encoder.length - 1 - j].kernel) : undefined);
    });
    return { encoder, decoder, input: 'x', decoderOutput: 'sigmoid' };
  }
  if (family === 'linear' && 'encoder/kernel' in vars) {
    // PCA-like: h = x W_e + b_e, x̂ = h W_d + b_d (W_d = W_eᵀ when tied)
    const encoder = [spec('encoder', 'linear')];
    const decoder = [spec('decoder', 'linear', 'decoder/kernel' in vars ? undefined : transposed(encoder[0].kernel))];
    return { encoder, decoder, input: 'x', decoderOutput: 'linear' };
  }
  if (family === 'linear') {
    // The linear recommender: p = x̃ V, f = p Qᵀ + b
    return { encoder: [spec('encoder/layer0', 'linear')], decoder: [spec('decoder/layer0', 'linear')], input: 'l2-normalized', decoderOutput: 'logits' };
  }
  if (family === 'vae' || family === 'mult-vae') {
    // x → act trunk → (μ, log σ²) linear heads;  z → act layers → logits (VAE: sigmoid for the pixel means)
    const act: DenseActivation = family === 'vae' ? settings.vaeActivation : 'tanh';
    const encoder = layers(numbered(vars, 'encoder'), act, act);
    const heads: [DenseSpec, DenseSpec] = [spec('encoder/mu', 'linear'), spec('encoder/logvar', 'linear')];
    const decoderNames = family === 'vae' ? [...numbered(vars, 'decoder'), 'decoder/out'] : numbered(vars, 'decoder');
    const decoder = layers(decoderNames, act, family === 'vae' ? 'sigmoid' : 'linear');
    return { encoder, heads, decoder, input: family === 'vae' ? 'x' : 'l2-normalized', decoderOutput: family === 'vae' ? 'sigmoid' : 'logits' };
  }
  if (family === 'mult-dae') {
    // x̃ → tanh layers → code (tanh) → tanh layers → logits
    return {
      encoder: layers(numbered(vars, 'encoder'), 'tanh', 'tanh'),
      decoder: layers(numbered(vars, 'decoder'), 'tanh', 'linear'),
      input: 'l2-normalized',
      decoderOutput: 'logits',
    };
  }
  if (family === 'i-autorec' || family === 'u-autorec') {
    // r → sigmoid(r V + b) → h W + b′ (unobserved ratings are 0 in r)
    return { encoder: [spec('encoder', 'sigmoid')], decoder: [spec('decoder', 'linear')], input: 'x', decoderOutput: 'linear' };
  }
  throw new Error(`The ${family} model is not a dense encoder–decoder network, so it has no TensorFlow.js Layers form; its weights are in model.safetensors.`);
}

/** A Dense layer holding the spec's weights (zeros initialisers: the weights are set right after). */
function denseLayer(s: DenseSpec, inputDim?: number): tfl.layers.Layer {
  return tfl.layers.dense({
    name: s.name,
    units: s.kernel.shape[1],
    activation: s.activation,
    useBias: Boolean(s.bias),
    kernelInitializer: 'zeros',
    biasInitializer: 'zeros',
    ...(inputDim ? { inputShape: [inputDim] } : {}),
  });
}

function setWeights(model: tfl.LayersModel, specs: DenseSpec[]): void {
  for (const s of specs) model.getLayer(s.name).setWeights(s.bias ? [s.kernel, s.bias] : [s.kernel]);
}

function sequential(name: string, specs: DenseSpec[]): tfl.LayersModel {
  const model = tfl.sequential({ name });
  specs.forEach((s, i) => model.add(denseLayer(s, i === 0 ? s.kernel.shape[0] : undefined)));
  setWeights(model, specs);
  return model;
}

/** The VAE's encoder: x → trunk → [μ, log σ²], a functional model with two outputs. */
function twoHeaded(name: string, trunk: DenseSpec[], heads: [DenseSpec, DenseSpec]): tfl.LayersModel {
  const inputDim = (trunk[0] ?? heads[0]).kernel.shape[0];
  const x = tfl.input({ shape: [inputDim], name: 'x' });
  const h = trunk.reduce<tfl.SymbolicTensor>((t, s) => denseLayer(s).apply(t) as tfl.SymbolicTensor, x);
  const outputs = heads.map((s) => denseLayer(s).apply(h) as tfl.SymbolicTensor);
  const model = tfl.model({ name, inputs: x, outputs });
  setWeights(model, [...trunk, ...heads]);
  return model;
}

async function artifactsOf(model: tfl.LayersModel): Promise<LayersArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) throw new Error('TensorFlow.js did not hand over the model to save.');
  return {
    modelTopology: saved.modelTopology as object,
    format: saved.format ?? 'layers-model',
    generatedBy: saved.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: saved.convertedBy ?? null,
    weightSpecs: saved.weightSpecs.map((w) => ({ name: w.name, shape: w.shape.slice(), dtype: 'float32' as const })),
    weightData: new tf.io.CompositeArrayBuffer(saved.weightData).slice(),
  };
}

/** The model's encoder and decoder as TensorFlow.js Layers artifacts. Throws for a model that is not a dense network. */
export async function layersExport(model: Autoencoder, settings: Pick<Settings, 'activation' | 'vaeActivation'>): Promise<LayersExport> {
  const owned: tf.Tensor[] = [];
  const built: tfl.LayersModel[] = [];
  try {
    const plan = planFor(model, settings, owned);
    const encoder = plan.heads ? twoHeaded('encoder_model', plan.encoder, plan.heads) : sequential('encoder_model', plan.encoder);
    built.push(encoder);
    const decoder = sequential('decoder_model', plan.decoder);
    built.push(decoder);
    return {
      encoder: await artifactsOf(encoder),
      decoder: await artifactsOf(decoder),
      input: plan.input,
      encoderOutputs: plan.heads ? 'mu-logvar' : 'code',
      decoderOutput: plan.decoderOutput,
    };
  } finally {
    built.forEach((m) => m.dispose());
    owned.forEach((t) => t.dispose());
  }
}
