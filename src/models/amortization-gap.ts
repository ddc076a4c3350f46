import * as tf from '@tensorflow/tfjs-core';
import { klPerExample } from '../math/kl';
import { multinomialNll } from './click-likelihoods';
import type { Autoencoder } from './model';

/*
 * The amortization gap (Cremer et al. 2018). A VAE's encoder amortizes inference: one pass
 * gives every user q_φ(z | x_u) = N(μ_φ(x_u), diag σ²_φ(x_u)). The best Gaussian for one user
 * may be better than what the shared encoder gives them; the difference in ELBO is the gap.
 * Here each user gets free parameters (μ_u, log σ²_u), started at the encoder's output and
 * fitted by Adam on that user's ELBO with the decoder fixed and β = 1:
 *
 *   ELBO_u = E_q[log p(x_u | z)] − KL(N(μ_u, σ²_u) ‖ N(0, I))
 *          ≈ (1/S) Σ_s log p(x_u | z_us) − KL,   z_us = μ_u + σ_u ⊙ ε_us,  ε_us ~ N(0, I).
 *
 * The ε are drawn once per user and kept for every step and for the before/after comparison
 * (common random numbers), so the gap is the fit's and not the sampler's; a fresh, larger
 * sample then scores both posteriors again, so a fit that only suits those ε shows.
 */

/** What fitting q(z) per user needs from a model besides decode: its amortized posterior and its own likelihood. */
export interface AmortizedPosterior {
  /** q(z | x) = N(μ, diag σ²) at evaluation (no dropout): μ and log σ², [B, K] each. */
  posterior(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
  /** The model's own −log p(x | f), averaged over the rows (its reconstruction term); multinomial when absent. */
  reconstructionNll?(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar;
}

export type GapModel = Pick<Autoencoder, 'decode'> & AmortizedPosterior;

/** Whether a model exposes its encoder's μ and log σ² (the Mult-VAE does). */
export function hasAmortizedPosterior(m: Autoencoder): m is Autoencoder & AmortizedPosterior {
  return typeof (m as Partial<AmortizedPosterior>).posterior === 'function';
}

export interface FreeFitOptions {
  /** Adam steps on each user's (μ_u, log σ²_u); 0 leaves the encoder's output. */
  steps: number;
  /** S: the fixed ε per user of the fit and of the before/after comparison. */
  samples: number;
  /** The fresh ε per user that score both posteriors again. */
  freshSamples: number;
  learningRate: number;
  seed: number;
}

export const FREE_FIT_DEFAULTS: FreeFitOptions = { steps: 100, samples: 16, freshSamples: 64, learningRate: 0.05, seed: 1 };

/** Per-user values in nats, in the rows' order. */
export interface FreeFit {
  /** ELBO_u of the amortized q and of the free q on the common ε. */
  before: Float32Array;
  after: Float32Array;
  /** The same two on the fresh ε. */
  freshBefore: Float32Array;
  freshAfter: Float32Array;
  /** KL(q ‖ N(0, I)) of each (closed form: no sampling). */
  klBefore: Float32Array;
  klAfter: Float32Array;
  /** μ of the amortized and of the free q, [B, K]: the caller ranks by decode(μ) and disposes them. */
  muBefore: tf.Tensor2D;
  muAfter: tf.Tensor2D;
}

/** A logits matrix of a chunk's users × S rows stays under this many floats (16 MB). */
const CHUNK_FLOATS = 1 << 22;

/** Each row of t repeated `times` times in place: [B, K] → [B·times, K]. */
function repeatRows(t: tf.Tensor2D, times: number): tf.Tensor2D {
  const [b, k] = t.shape;
  return tf.reshape(tf.tile(tf.expandDims(t, 1), [1, times, 1]), [b * times, k]);
}

/** ε for users first … first + count − 1, S rows each: seeded per user, so a chunk's users get the same ε in any chunking. */
function epsilonFor(first: number, count: number, samples: number, latent: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.concat(Array.from({ length: count }, (_, r) => tf.randomNormal([samples, latent], 0, 1, 'float32', seed * 1_000_003 + first + r))));
}

/** z_us = μ_u + σ_u ⊙ ε_us, σ = exp(½ log σ²): [B·S, K] from [B, K] and ε [B·S, K]. */
function reparameterise(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D, samples: number): tf.Tensor2D {
  const sigma = tf.exp(tf.mul(logVar, 0.5)) as tf.Tensor2D;
  return tf.add(repeatRows(mu, samples), tf.mul(repeatRows(sigma, samples), eps));
}

/** −log p(x | f) averaged over the rows: the model's own, else the multinomial. */
const nllOf =
  (m: GapModel) =>
  (logits: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar =>
    m.reconstructionNll ? m.reconstructionNll(logits, x) : multinomialNll(logits, x);

/**
 * ELBO_u = (1/S) Σ_s log p(x_u | z_us) − KL_u for every user: [B]. One user at a time, so the
 * model's own batch-mean −log p over that user's S rows is exactly the (1/S) Σ_s term.
 */
export function elboPerUser(model: GapModel, x: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D, samples: number): { elbo: tf.Tensor1D; kl: tf.Tensor1D } {
  const nll = nllOf(model);
  return tf.tidy(() => {
    const [b, k] = mu.shape;
    const items = x.shape[1];
    const kl = klPerExample(mu, logVar);
    const recon = Array.from({ length: b }, (_, u) => {
      const z = reparameterise(tf.slice(mu, [u, 0], [1, k]), tf.slice(logVar, [u, 0], [1, k]), tf.slice(eps, [u * samples, 0], [samples, k]), samples);
      return nll(model.decode(z), tf.tile(tf.slice(x, [u, 0], [1, items]), [samples, 1]));
    });
    return { elbo: tf.sub(tf.neg(tf.stack(recon)), kl) as tf.Tensor1D, kl };
  });
}

/** The per-user arrays of FreeFit, in the order fitChunk reads them back. */
const PER_USER = ['before', 'after', 'freshBefore', 'freshAfter', 'klBefore', 'klAfter'] as const;

/** One chunk of users: fit, then score before and after on the common and on the fresh ε. */
async function fitChunk(model: GapModel, x: tf.Tensor2D, first: number, o: FreeFitOptions): Promise<{ values: Float32Array[]; mu: tf.Tensor2D[] }> {
  const b = x.shape[0];
  const nll = nllOf(model);
  const start = tf.tidy(() => model.posterior(x));
  const k = start.mu.shape[1];
  const eps = epsilonFor(first, b, o.samples, k, 2 * o.seed);
  const fresh = epsilonFor(first, b, o.freshSamples, k, 2 * o.seed + 1);
  const xRep = tf.tidy(() => repeatRows(x, o.samples));
  // The free parameters start at the encoder's output (a variable's assign swaps its data: start keeps its values).
  const mu = tf.variable(start.mu);
  const logVar = tf.variable(start.logVar);
  const adam = tf.train.adam(o.learningRate);
  try {
    // −Σ_u ELBO_u = B · (mean over the B·S rows of −log p(x_u | z_us)) + Σ_u KL_u. Users share no
    // parameter, so each (μ_u, log σ²_u) gets the gradient of its own ELBO_u.
    const loss = () => tf.add(tf.mul(nll(model.decode(reparameterise(mu, logVar, eps, o.samples)), xRep), b), tf.sum(klPerExample(mu, logVar))) as tf.Scalar;
    for (let s = 0; s < o.steps; s++) adam.minimize(loss, false, [mu, logVar]);
    const scores = tf.tidy(() => {
      const before = elboPerUser(model, x, start.mu, start.logVar, eps, o.samples);
      const after = elboPerUser(model, x, mu, logVar, eps, o.samples);
      const freshBefore = elboPerUser(model, x, start.mu, start.logVar, fresh, o.freshSamples);
      const freshAfter = elboPerUser(model, x, mu, logVar, fresh, o.freshSamples);
      return [before.elbo, after.elbo, freshBefore.elbo, freshAfter.elbo, before.kl, after.kl];
    });
    const values = (await Promise.all(scores.map((t) => t.data()))) as Float32Array[];
    tf.dispose(scores);
    return { values, mu: [tf.clone(start.mu), tf.clone(mu)] };
  } finally {
    adam.dispose();
    tf.dispose([start.mu, start.logVar, eps, fresh, xRep, mu, logVar]);
  }
}

/**
 * Fits a free q(z_u) = N(μ_u, diag σ²_u) for every row of x (fold-in clicks, one user per row)
 * from the encoder's output, and scores both with the ELBO at β = 1. Users are fitted in chunks
 * (a chunk's B·S × I logits stay under 16 MB); each user's ε, hence the result, does not depend
 * on the chunking.
 */
export async function fitFreePosteriors(model: GapModel, x: tf.Tensor2D, options: Partial<FreeFitOptions> = {}): Promise<FreeFit> {
  const o = { ...FREE_FIT_DEFAULTS, ...options };
  if (!(Number.isInteger(o.steps) && o.steps >= 0)) throw new Error(`steps must be a whole number ≥ 0 (got ${o.steps}).`);
  if (!(Number.isInteger(o.samples) && o.samples >= 1 && Number.isInteger(o.freshSamples) && o.freshSamples >= 1)) {
    throw new Error(`samples and freshSamples must be whole numbers ≥ 1 (got ${o.samples} and ${o.freshSamples}).`);
  }
  if (!(o.learningRate > 0)) throw new Error(`learning rate must be > 0 (got ${o.learningRate}).`);
  const [users, items] = x.shape;
  if (users < 1) throw new Error('There is no user to fit.');
  const chunk = Math.max(1, Math.floor(CHUNK_FLOATS / (o.samples * items)));
  const chunks: { values: Float32Array[]; mu: tf.Tensor2D[] }[] = [];
  try {
    for (let first = 0; first < users; first += chunk) {
      const rows = tf.slice(x, [first, 0], [Math.min(chunk, users - first), items]);
      try {
        chunks.push(await fitChunk(model, rows, first, o));
      } finally {
        rows.dispose();
      }
    }
    const joined = (i: number): Float32Array => {
      const a = new Float32Array(users);
      let at = 0;
      for (const c of chunks) {
        a.set(c.values[i], at);
        at += c.values[i].length;
      }
      return a;
    };
    const perUser = Object.fromEntries(PER_USER.map((key, i) => [key, joined(i)])) as Record<(typeof PER_USER)[number], Float32Array>;
    const [muBefore, muAfter] = tf.tidy(() => [0, 1].map((j) => tf.concat(chunks.map((c) => c.mu[j]))) as tf.Tensor2D[]);
    return { ...perUser, muBefore, muAfter };
  } finally {
    tf.dispose(chunks.flatMap((c) => c.mu));
  }
}
