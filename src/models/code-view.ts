import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from './model';

/** What the per-input code view shows for one digit x. */
export interface CodeViewResult {
  k: number;
  /** The code h = f(x) (the VAE: μ(x)), [K]. */
  code: Float32Array;
  /** Tile k: what unit k writes into the pre-activation per unit of h_k, t_k = g(e_k) − g(0), [K × D]. */
  tiles: Float32Array;
  /** g(0): the decoder's output with every code unit off (its bias, for an affine decoder), [D]. */
  bias: Float32Array;
  /** Σ_k h_k t_k + g(0), [D]. */
  tileSum: Float32Array;
  /** The decoder's real pre-activation g(h) (logits; the linear model: x̂ itself), [D]. */
  preActivation: Float32Array;
  /** x̂ = σ(g(h)) (the linear model: g(h)), [D]. */
  reconstruction: Float32Array;
  /** max_i |tileSum_i − preActivation_i|: 0 (to rounding) when the decoder is affine in h. */
  maxGap: number;
  /** True when the tiles add up: the decoder is one affine layer (linear/PCA, one-hidden-layer AE). */
  exact: boolean;
  /** True when x̂ = σ(pre-activation); false when x̂ is the pre-activation (linear model). */
  sigmoidOutput: boolean;
}

/** A gap this small (relative to the pre-activation's size) is rounding: the decoder is affine. */
export const AFFINE_TOLERANCE = 1e-4;

const hasLogits = (m: Autoencoder): m is Autoencoder & { decodeLogits(h: tf.Tensor2D): tf.Tensor2D } => typeof (m as { decodeLogits?: unknown }).decodeLogits === 'function';

/**
 * The decoder's affine layers, counted by their biases ('decoder/bias', 'decoder/layer0/bias',
 * 'decoder/out/bias'…; tied weights drop the decoder's kernels but keep its biases). A model
 * with no biases (the bias-free linear model) counts 0. One or none: the tiles add up exactly.
 * (A small gap alone cannot tell: a deep decoder near its start is almost linear.)
 */
export function decoderLayers(model: Autoencoder): number {
  return Object.keys(model.variables()).filter((n) => n.startsWith('decoder') && n.endsWith('bias')).length;
}

/**
 * "h tells how much each feature is present in x". For a one-layer decoder
 * g(h) = h W + b, the pre-activation is exactly Σ_k h_k W_k + b: tile k is row W_k and the
 * picture is a weighted sum of tiles. The tiles are read off the decoder itself,
 * t_k = g(e_k) − g(0), so the same code serves any model; for a deeper decoder the sum
 * Σ_k h_k t_k + g(0) is not g(h), and the gap says by how much.
 */
export async function codeView(model: Autoencoder, x: tf.Tensor2D): Promise<CodeViewResult> {
  const k = model.latent;
  const sigmoidOutput = hasLogits(model);
  const g = (h: tf.Tensor2D): tf.Tensor2D => (hasLogits(model) ? model.decodeLogits(h) : model.decode(h));
  const out = tf.tidy(() => {
    const code = model.encode(x) as tf.Tensor2D;
    // Row 0: g(0); rows 1..K: g(e_k).
    const basis = tf.concat([tf.zeros([1, k]), tf.eye(k)], 0) as tf.Tensor2D;
    const gb = g(basis);
    const bias = tf.slice(gb, [0, 0], [1, -1]);
    const tiles = tf.sub(tf.slice(gb, [1, 0], [k, -1]), bias);
    // Σ_k h_k t_k + g(0)
    const tileSum = tf.add(tf.matMul(code, tiles), bias);
    const pre = g(code);
    const recon = sigmoidOutput ? tf.sigmoid(pre) : tf.clone(pre);
    return { code, tiles, bias, tileSum, pre, recon };
  });
  const names = ['code', 'tiles', 'bias', 'tileSum', 'pre', 'recon'] as const;
  const values = await Promise.all(names.map((n) => out[n].data() as Promise<Float32Array>));
  tf.dispose(Object.values(out));
  const [code, tiles, bias, tileSum, pre, recon] = values.map((v) => Float32Array.from(v));
  let maxGap = 0;
  let size = 0;
  for (let i = 0; i < pre.length; i++) {
    maxGap = Math.max(maxGap, Math.abs(tileSum[i] - pre[i]));
    size = Math.max(size, Math.abs(pre[i]));
  }
  return {
    k,
    code,
    tiles,
    bias,
    tileSum,
    preActivation: pre,
    reconstruction: recon,
    maxGap,
    exact: decoderLayers(model) <= 1 && maxGap <= AFFINE_TOLERANCE * (1 + size),
    sigmoidOutput,
  };
}

/**
 * How digit-like decoded images are: the mean over images of min_j ‖x̂ − x_j‖² / D, the squared
 * distance per pixel to the nearest of the reference digits (e.g. the 500 probe digits).
 */
export async function nearestDigitDistance(images: tf.Tensor2D, reference: tf.Tensor2D): Promise<number> {
  const t = tf.tidy(() => {
    const d2 = tf.add(tf.sub(tf.sum(tf.square(images), 1, true), tf.mul(2, tf.matMul(images, reference, false, true))), tf.reshape(tf.sum(tf.square(reference), 1), [1, -1]));
    return tf.div(tf.mean(tf.min(d2, 1)), images.shape[1]);
  });
  const v = (await t.data())[0];
  t.dispose();
  return v;
}
