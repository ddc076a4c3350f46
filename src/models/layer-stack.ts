import * as tf from '@tensorflow/tfjs-core';
import { dense, type LayerActivation } from './dense-op';
import { matMul } from './matmul';

/*
 * Dense layers in one place: Glorot init, the affine map a = xW + b, and named stacks of layers
 *   h_0 = x,   a_l = h_{l−1} W_l + b_l,   h_l = act(a_l)
 * that the dense autoencoder, the VAE, Mult-VAE and Mult-DAE are built from.
 *
 * Variables stay unnamed in tfjs (names must be unique across live models); the models key them
 * by stable names instead ('encoder/layer0/kernel', …: exportWeights and saved runs read them).
 * Initial values are tidied away.
 */

export type { LayerActivation } from './dense-op';

/** Glorot/Xavier uniform: W_ij ~ U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out))), seeded. */
export function glorotUniform(shape: [number, number], seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (shape[0] + shape[1]));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed)));
}

/** b = 0. */
export function zeros(size: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([size])));
}

/** b_j ~ N(0, std²) truncated at ±2 std, seeded (Liang et al.'s bias init, std 0.001). */
function truncatedNormalBias(size: number, std: number, seed: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.truncatedNormal([size], 0, std, 'float32', seed)));
}

/**
 * a = x W + b (no b: a = x W). x·W goes through matMul's explicit-transpose gradient
 * (∂L/∂x = ∂L/∂a · Wᵀ, ∂L/∂W = xᵀ · ∂L/∂a; see matmul.ts): tfjs's own multiplies with
 * transposed operands, which WASM runs far slower (measured: 3× per training step for a
 * 784-256-16 VAE, 4× for a 784-256-784 autoencoder).
 */
export function affine(x: tf.Tensor2D, kernel: tf.Tensor2D, bias?: tf.Tensor): tf.Tensor2D {
  const xw = matMul(x, kernel);
  return bias ? (tf.add(xw, bias) as tf.Tensor2D) : xw;
}

/** Variable prefixes '<prefix>/layer0' … '<prefix>/layer{count−1}'. */
/**
 * A sigmoid output's bias that starts x̂ at the mean image: b = logit(p̄) = log(p̄ / (1 − p̄)),
 * p̄ the mean pixel clipped to [10⁻³, 1 − 10⁻³] (the dense AEs and pretraining's pixel rung).
 */
export function meanImageBias(mean: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.clipByValue(mean, 1e-3, 1 - 1e-3);
    return tf.log(tf.div(p, tf.sub(1, p))) as tf.Tensor1D;
  });
}

export function layerNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}/layer${i}`);
}

export interface DenseStackOptions {
  /** Each layer's variable prefix, input side first: layer i owns '<names[i]>/kernel' and '<names[i]>/bias'. */
  names: readonly string[];
  /** Widths [in, out_0, …, out_{n−1}]: one more than there are names (just [in] for an empty stack). */
  sizes: readonly number[];
  /** Layer i's kernel is seeded seed + i (a random bias: seed + i + 7919). */
  seed: number;
  /** Non-linearity of every layer but the last. */
  activation: LayerActivation;
  /** Non-linearity of the last layer; `activation` when omitted. */
  output?: LayerActivation;
  /** Biases ~ N(0, biasStd²) truncated at ±2 biasStd instead of 0. */
  biasStd?: number;
  /**
   * Tied weights: layer i's kernel is W_{n−1−i}ᵀ of this stack (a mirrored encoder, so `sizes`
   * must be its sizes reversed). The tied stack owns only its biases.
   */
  tiedTo?: DenseStack;
}

/** One layer on a batch: kernel W [in × out] and output h = act(h_{l−1} W + b) [B × out]. */
export interface LayerPass {
  kernel: tf.Tensor2D;
  h: tf.Tensor2D;
}

export interface DenseStack {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  /** Number of layers. */
  readonly depth: number;
  /** The stack's own variables by stable name, layer by layer (kernel, then bias). */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  /** W_i [sizes[i] × sizes[i+1]]: the variable, or a tied stack's transpose (a new tensor: call inside tf.tidy). */
  kernel(i: number): tf.Tensor2D;
  bias(i: number): tf.Variable;
  /** Every layer's kernel and output on x, input side first. Call inside tf.tidy. */
  forward(x: tf.Tensor2D): LayerPass[];
  /** The last layer's output (x itself for an empty stack). Call inside tf.tidy. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** Disposes the stack's own variables. */
  dispose(): void;
}

/**
 * A stack of named dense layers h_l = act(h_{l−1} W_l + b_l), W_l Glorot-uniform (seed + l),
 * b_l = 0 (or small truncated-normal noise with biasStd). E.g. a 784-256-64 encoder:
 *   denseStack({ names: ['encoder/layer0', 'code'], sizes: [784, 256, 64], seed, activation: 'relu' })
 */
export function denseStack(o: DenseStackOptions): DenseStack {
  const depth = o.names.length;
  if (o.sizes.length !== depth + 1) throw new Error(`A stack of ${depth} layers needs ${depth + 1} sizes; got [${o.sizes.join(', ')}].`);
  const tied = o.tiedTo;
  if (tied && tied.sizes.join() !== [...o.sizes].reverse().join()) {
    throw new Error(`A tied stack mirrors its partner: sizes [${[...tied.sizes].reverse().join(', ')}], not [${o.sizes.join(', ')}].`);
  }
  const output = o.output ?? o.activation;
  const biasStd = o.biasStd ?? 0;

  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  const variables: Record<string, tf.Variable> = {};
  o.names.forEach((name, i) => {
    const [fanIn, fanOut] = [o.sizes[i], o.sizes[i + 1]];
    const seed = o.seed + i;
    if (!tied) kernels.push((variables[`${name}/kernel`] = glorotUniform([fanIn, fanOut], seed)));
    biases.push((variables[`${name}/bias`] = biasStd > 0 ? truncatedNormalBias(fanOut, biasStd, seed + 7919) : zeros(fanOut)));
  });

  // Tied: W_i = (W'_{n−1−i})ᵀ of the mirrored stack.
  const kernel = (i: number): tf.Tensor2D => (tied ? tf.transpose(tied.kernel(depth - 1 - i)) : (kernels[i] as tf.Tensor2D));

  const forward = (x: tf.Tensor2D): LayerPass[] => {
    const passes: LayerPass[] = [];
    let h = x;
    for (let i = 0; i < depth; i++) {
      const w = kernel(i);
      // h_l = act(h_{l−1} W_l + b_l), one op (dense-op.ts)
      h = dense(h, w, biases[i], i < depth - 1 ? o.activation : output);
      passes.push({ kernel: w, h });
    }
    return passes;
  };

  return {
    names: [...o.names],
    sizes: [...o.sizes],
    depth,
    variables,
    kernel,
    bias: (i) => biases[i],
    forward,
    apply: (x) => (depth === 0 ? x : forward(x)[depth - 1].h),
    dispose: () => Object.values(variables).forEach((v) => v.dispose()),
  };
}
