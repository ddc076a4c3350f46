import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../math/csr';
import { FREE_FIT_DEFAULTS, fitFreePosteriors, hasAmortizedPosterior, type FreeFitOptions, type GapModel } from '../models/amortization-gap';
import type { Autoencoder } from '../models/model';
import { meanAndSe, metricsOfRankings, RANK_DEPTH, topKOfScores } from './recsys-eval';

/** The most Adam steps one query may ask for (each is a pass over the part's users × S samples). */
export const MAX_GAP_STEPS = 2000;

/** The amortization gap on one held-out part (amortizationGap query): nats per user, β = 1. */
export interface AmortizationGapResult {
  part: 'validation' | 'test';
  users: number;
  steps: number;
  /** S, the common ε per user; and the fresh ε that score both posteriors again. */
  samples: number;
  freshSamples: number;
  learningRate: number;
  /** Per user, in the part's row order: ELBO of the amortized q (encoder) and of the free q, on the common ε. */
  before: number[];
  after: number[];
  /** after − before: the gap per user. */
  gap: number[];
  /** Mean and standard error over users of the gap: on the common ε, and on the fresh ε. */
  gapMean: number;
  gapSe: number;
  freshGapMean: number;
  freshGapSe: number;
  /** Mean ELBO before and after, on the common ε and on the fresh ε; mean KL(q ‖ N(0, I)) (closed form). */
  elboBefore: number;
  elboAfter: number;
  freshElboBefore: number;
  freshElboAfter: number;
  klBefore: number;
  klAfter: number;
  /** NDCG@100 on the part's targets, ranking by decode(μ) of the amortized and of the free q. */
  ndcgBefore: number;
  ndcgAfter: number;
  ms: number;
}

/** The query's arguments, checked: { part: 'validation' | 'test', steps?: 0 … MAX_GAP_STEPS }. */
export function amortizationGapArgs(args: unknown): { part: 'validation' | 'test'; steps: number } {
  const a = (args ?? {}) as Record<string, unknown>;
  if (a.part !== 'validation' && a.part !== 'test') {
    throw new Error(`amortizationGap needs { part: 'validation' or 'test', steps?: 0 to ${MAX_GAP_STEPS} } (got part ${JSON.stringify(a.part)}).`);
  }
  const steps = a.steps === undefined ? FREE_FIT_DEFAULTS.steps : a.steps;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0 || steps > MAX_GAP_STEPS) {
    throw new Error(`amortizationGap: steps must be a whole number from 0 to ${MAX_GAP_STEPS} (got ${JSON.stringify(a.steps)}).`);
  }
  return { part: a.part, steps };
}

/** NDCG@100 ranking each user by decode(μ_u) (row r of codes is user r), fold-in items excluded: the evaluation's own top-k. */
async function ndcgOfCodes(model: GapModel, codes: tf.Tensor2D, foldIn: tf.Tensor2D, targets: Csr): Promise<number> {
  const k = Math.min(RANK_DEPTH, foldIn.shape[1]);
  const ranked = await topKOfScores((x, start) => model.decode(tf.slice(codes, [start, 0], [x.shape[0], codes.shape[1]])), foldIn, k);
  return metricsOfRankings(ranked, k, targets).ndcg100;
}

const mean = (a: ArrayLike<number>) => meanAndSe(Array.from(a)).mean;

/**
 * The amortization gap of one held-out part: each user's q(z) fitted freely from the encoder's
 * output (models/amortization-gap.ts), the ELBOs before and after, and the ranking of each.
 */
export async function amortizationGapOfPart(
  model: Autoencoder,
  part: 'validation' | 'test',
  foldIn: tf.Tensor2D,
  targets: Csr,
  options: Partial<FreeFitOptions> = {},
): Promise<AmortizationGapResult> {
  if (!hasAmortizedPosterior(model)) throw new Error(`amortizationGap needs a model with a Gaussian encoder (the Mult-VAE), not ${model.family}.`);
  const o = { ...FREE_FIT_DEFAULTS, ...options };
  const t0 = performance.now();
  const fit = await fitFreePosteriors(model, foldIn, o);
  try {
    const gap = Array.from(fit.after, (a, u) => a - fit.before[u]);
    const freshGap = Array.from(fit.freshAfter, (a, u) => a - fit.freshBefore[u]);
    const g = meanAndSe(gap);
    const f = meanAndSe(freshGap);
    return {
      part,
      users: gap.length,
      steps: o.steps,
      samples: o.samples,
      freshSamples: o.freshSamples,
      learningRate: o.learningRate,
      before: Array.from(fit.before),
      after: Array.from(fit.after),
      gap,
      gapMean: g.mean,
      gapSe: g.se,
      freshGapMean: f.mean,
      freshGapSe: f.se,
      elboBefore: mean(fit.before),
      elboAfter: mean(fit.after),
      freshElboBefore: mean(fit.freshBefore),
      freshElboAfter: mean(fit.freshAfter),
      klBefore: mean(fit.klBefore),
      klAfter: mean(fit.klAfter),
      ndcgBefore: await ndcgOfCodes(model, fit.muBefore, foldIn, targets),
      ndcgAfter: await ndcgOfCodes(model, fit.muAfter, foldIn, targets),
      ms: performance.now() - t0,
    };
  } finally {
    tf.dispose([fit.muBefore, fit.muAfter]);
  }
}
