import * as tf from '@tensorflow/tfjs-core';
import { beta as betaAt, validateBetaSchedule, type BetaSchedule } from '../math/beta-schedule';
import { freeBitsKl, klTotal } from '../math/kl';
import { createRng } from '../math/rng';
import { denseStack, layerNames } from './layer-stack';
import { vaeDiagnostics, vaeQuery, type VaeDiagnostics } from './vae-diagnostics';
import { bernoulliNll, gaussianNll } from './vae-likelihood';
import type { Autoencoder, LossTerms } from './model';

export type VaeActivation = 'relu' | 'tanh';
export type VaeLikelihood = 'bernoulli' | 'gaussian';

export interface VaeOptions {
  inputDim: number;
  /** Latent dimensions K, 2..64. */
  latent: number;
  /** Encoder hidden layer sizes, input side first; the decoder mirrors them. May be empty. */
  hidden: number[];
  activation: VaeActivation;
  likelihood: VaeLikelihood;
  /** Fixed decoder σ of the 'gaussian' likelihood (pixels are in [0, 1]). Default 0.1. */
  outputSigma?: number;
  betaSchedule: BetaSchedule;
  /** Free bits λ in nats per latent dimension; 0 turns them off. Default 0. */
  freeBits?: number;
  /** Seeds the weights; the ε stream is derived from it and the step. */
  seed: number;
}

/** A VAE is an Autoencoder with the posterior's parameters exposed for diagnostics. */
/** What the VAE model itself takes live (vae-from-settings translates the lab's flat settings). */
export interface VaeModelLive {
  betaSchedule?: unknown;
  freeBits?: unknown;
  outputSigma?: unknown;
}

export interface Vae<Live extends object = VaeModelLive> extends Autoencoder<VaeDiagnostics, Live> {
  readonly likelihood: VaeLikelihood;
  /** q(z|x) = N(μ, diag σ²): μ and log σ², each [B, K]. Call inside tf.tidy. */
  posterior(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
  /** Decoder pre-activations: Bernoulli logits, or logits of the Gaussian mean. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
  /** The schedule and free bits currently in force. */
  liveParams(): { betaSchedule: BetaSchedule; freeBits: number; outputSigma: number };
}

export const MIN_LATENT = 2;
export const MAX_LATENT = 64;
export const DEFAULT_OUTPUT_SIGMA = 0.1;

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

function checkFreeBits(v: unknown): number {
  check(typeof v === 'number' && Number.isFinite(v) && v >= 0, `freeBits must be a number ≥ 0 nats (0 turns it off); got ${String(v)}.`);
  return v as number;
}

function checkSigma(v: unknown): number {
  check(typeof v === 'number' && Number.isFinite(v) && v > 0, `outputSigma must be a number > 0; got ${String(v)}.`);
  return v as number;
}

function validate(o: VaeOptions): void {
  check(Number.isInteger(o.inputDim) && o.inputDim >= 1, `inputDim must be a whole number ≥ 1; got ${o.inputDim}.`);
  check(
    Number.isInteger(o.latent) && o.latent >= MIN_LATENT && o.latent <= MAX_LATENT,
    `The VAE's latent size must be a whole number from ${MIN_LATENT} to ${MAX_LATENT}; got ${o.latent}.`,
  );
  check(Array.isArray(o.hidden), 'hidden must be an array of layer sizes.');
  for (const h of o.hidden) check(Number.isInteger(h) && h >= 1, `Hidden layer sizes must be whole numbers ≥ 1; got ${h}.`);
  check(o.activation === 'relu' || o.activation === 'tanh', `activation must be "relu" or "tanh"; got ${String(o.activation)}.`);
  check(o.likelihood === 'bernoulli' || o.likelihood === 'gaussian', `likelihood must be "bernoulli" or "gaussian"; got ${String(o.likelihood)}.`);
}

/** Mixes the noise seed with the step so ε_t is fixed by (seed, t): runs and checkpoint restores reproduce. */
function stepSeed(noiseSeed: number, step: number): number {
  const s = (noiseSeed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
  // tfjs treats seed 0 as "unseeded", so map into [1, 2^31).
  return ((createRng(s)() * (2 ** 31 - 1)) >>> 0) + 1;
}

/**
 * Variational autoencoder (Kingma & Welling 2014) with a Gaussian encoder
 * q(z|x) = N(μ(x), diag σ²(x)), prior p(z) = N(0, I), and a Bernoulli or fixed-σ Gaussian
 * decoder p(x|z) whose mean is sigmoid(logits) (as in Kingma & Welling, App. C).
 *
 * Training loss (nats per image, batch mean) = reconstruction + β(step) · KL, where KL is
 * Σ_j KL_j, or Σ_j max(λ, KL_j) with free bits λ > 0. Reported terms:
 *   reconstruction  E_q[−log p(x|z)], one sample z = μ + σ ⊙ ε
 *   kl              KL(q(z|x) ‖ p(z)) summed over latent dims (always the true KL, even with free bits)
 *   beta            β(step) — a readout for plotting, NOT part of the sum
 *   elbo            reconstruction + kl: the negative ELBO (β = 1), an upper bound on −log p(x)
 * evalLoss: total = −ELBO with one sample drawn from a fixed seed (β and free bits ignored,
 * so the test curve is the honest bound, comparable with the mean-image baseline).
 * Gaussian reconstruction = ‖x − x̂‖²/(2σ²) + (D/2) log(2πσ²): the constant is included, so
 * values are true nats (and may be negative for small σ).
 */
export function createVae(o: VaeOptions): Vae {
  validate(o);
  let schedule = validateBetaSchedule(o.betaSchedule);
  let freeBits = checkFreeBits(o.freeBits ?? 0);
  let sigma = checkSigma(o.outputSigma ?? DEFAULT_OUTPUT_SIGMA);
  const noiseSeed = (createRng((o.seed ^ 0x27d4eb2f) >>> 0)() * 2 ** 32) >>> 0;
  const evalSeed = stepSeed(noiseSeed ^ 0x5bd1e995, 0);

  // Layers seeded o.seed + 0, 1, … in this order: encoder trunk, μ head, log σ² head, decoder.
  const n = o.hidden.length;
  const trunk = denseStack({ names: layerNames('encoder', n), sizes: [o.inputDim, ...o.hidden], seed: o.seed, activation: o.activation });
  const head = (name: string, seed: number) => denseStack({ names: [name], sizes: [trunk.sizes[n], o.latent], seed, activation: 'linear' });
  const muHead = head('encoder/mu', o.seed + n);
  const logVarHead = head('encoder/logvar', o.seed + n + 1);
  const decoder = denseStack({
    names: [...layerNames('decoder', n), 'decoder/out'],
    sizes: [o.latent, ...[...o.hidden].reverse(), o.inputDim],
    seed: o.seed + n + 2,
    activation: o.activation,
    output: 'linear',
  });
  const vars: Record<string, tf.Variable> = { ...trunk.variables, ...muHead.variables, ...logVarHead.variables, ...decoder.variables };

  const posterior = (x: tf.Tensor2D) =>
    tf.tidy(() => {
      const h = trunk.apply(x);
      return { mu: muHead.apply(h), logVar: logVarHead.apply(h) };
    });

  const decodeLogits = (z: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => decoder.apply(z));

  const decode = (z: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.sigmoid(decodeLogits(z)));

  const reconstructionNats = (logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar => (o.likelihood === 'bernoulli' ? bernoulliNll(logits, x) : gaussianNll(logits, x, sigma));

  /** One-sample estimate of the terms with ε drawn from the given seed. */
  const terms = (x: tf.Tensor2D, seedValue: number) =>
    tf.tidy(() => {
      const { mu, logVar } = posterior(x);
      const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', seedValue);
      // z = μ + σ ⊙ ε,  σ = exp(½ log σ²)
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
      const reconstruction = reconstructionNats(decodeLogits(z), x);
      const kl = klTotal(mu, logVar);
      return { mu, logVar, reconstruction, kl };
    });

  const loss = (x: tf.Tensor2D, step: number): LossTerms =>
    tf.tidy(() => {
      const t = terms(x, stepSeed(noiseSeed, step));
      const b = betaAt(step, schedule);
      const klForLoss = freeBits > 0 ? freeBitsKl(t.mu, t.logVar, freeBits) : t.kl;
      // L = E_q[−log p(x|z)] + β · KL   (KL → Σ_j max(λ, KL_j) with free bits)
      const total = tf.add(t.reconstruction, tf.mul(klForLoss, b)) as tf.Scalar;
      const elbo = tf.add(t.reconstruction, t.kl) as tf.Scalar;
      return { total, terms: { reconstruction: t.reconstruction, kl: t.kl, beta: tf.scalar(b), elbo } };
    });

  const evalLoss = (x: tf.Tensor2D): LossTerms =>
    tf.tidy(() => {
      const t = terms(x, evalSeed);
      // −ELBO = E_q[−log p(x|z)] + KL(q‖p)
      const elbo = tf.add(t.reconstruction, t.kl) as tf.Scalar;
      return { total: elbo, terms: { reconstruction: t.reconstruction, kl: t.kl, elbo: tf.clone(elbo) } };
    });

  const setLive = (params: VaeModelLive): void => {
    // Validate everything first so a bad value changes nothing.
    const next = {
      schedule: 'betaSchedule' in params ? validateBetaSchedule(params.betaSchedule) : schedule,
      freeBits: 'freeBits' in params ? checkFreeBits(params.freeBits) : freeBits,
      sigma: 'outputSigma' in params ? checkSigma(params.outputSigma) : sigma,
    };
    schedule = next.schedule;
    freeBits = next.freeBits;
    sigma = next.sigma;
  };

  const vae: Vae = {
    family: 'vae',
    inputDim: o.inputDim,
    latent: o.latent,
    likelihood: o.likelihood,
    variables: () => vars,
    loss,
    evalLoss,
    encode: (x) =>
      tf.tidy(() => {
        const { mu, logVar } = posterior(x);
        logVar.dispose();
        return mu;
      }),
    decode,
    reconstruct: (x) => tf.tidy(() => decode(posterior(x).mu)),
    posterior,
    decodeLogits,
    // The first layer's input weights, one row per unit: [H×D] (or [K×D] for μ without hidden layers).
    weightRows: () => tf.transpose((n > 0 ? trunk : muHead).kernel(0)),
    setLive,
    liveParams: () => ({ betaSchedule: schedule, freeBits, outputSigma: sigma }),
    // The panels' read-outs on the fixed probe batch (KL per dim, latent map, samples…).
    diagnostics: (probe) => vaeDiagnostics(vae, probe),
    query: (name, args, probe) => vaeQuery(vae, name, args, probe),
    dispose: () => Object.values(vars).forEach((v) => v.dispose()),
  };
  return vae;
}
