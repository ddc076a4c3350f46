import type { History } from '../../engine/history';
import type { RunRecord } from '../../state/run-record';
import type { Settings } from '../../settings/schema';
import { joinByStep } from './vae-view';

/**
 * Pure helpers for the rate–distortion panel's other runs (no React, no DOM): which saved
 * runs can share the plane with the current one, where each ended, and whether the end
 * points order as the theory says (Alemi et al. 2018: a larger β buys a lower rate R = KL
 * with a higher distortion D = reconstruction).
 */

/** A point of the plane: R = KL(q(z|x) ‖ p(z)), D = E_q[−log p(x|z)], both in nats. */
export interface RdXY {
  rate: number;
  distortion: number;
}

/** Where a run ended, and the path it took there (train series, thinned). */
export interface RdEnd extends RdXY {
  id: string;
  name: string;
  /** The run's β (betaMax; the Mult-VAE's cap βcap). */
  beta: number;
  step: number;
  /** 'test': the final test-split point (what the square marks for the current run); 'train': the last training point. */
  from: 'test' | 'train';
  path: RdXY[];
}

export interface RdOverlay {
  drawn: RdEnd[];
  notComparable: { id: string; name: string; why: string }[];
}

/** Points of another run's faint path: enough to show its shape. */
const PATH_POINTS = 150;

/** The β a run was trained with: betaMax for the VAE, the annealing cap for the Mult-VAE. */
export function betaOf(s: Settings): number {
  return s.model === 'mult-vae' ? s.betaCap : s.betaMax;
}

/** The train path (R, D) by step, at most `max` points, the last always kept. */
export function ratePath(history: History, max = PATH_POINTS): RdXY[] {
  const rows = joinByStep({ rate: history['train/kl'], distortion: history['train/reconstruction'] });
  const k = Math.max(1, Math.ceil(rows.length / max));
  return rows.filter((_, i) => i % k === 0 || i === rows.length - 1).map((r) => ({ rate: r.rate, distortion: r.distortion }));
}

/**
 * Where a run ended: its last test point when it has one (the whole test split, measured at
 * the exact last step, so the same seed gives the same number), else its last train point
 * (a mean over the last chunk of batches). Null when it recorded neither pair.
 */
export function endPoint(history: History): (RdXY & { step: number; from: 'test' | 'train' }) | null {
  const test = joinByStep({ rate: history['test/kl'], distortion: history['test/reconstruction'] }).at(-1);
  if (test) return { rate: test.rate, distortion: test.distortion, step: test.step, from: 'test' };
  const train = joinByStep({ rate: history['train/kl'], distortion: history['train/reconstruction'] }).at(-1);
  return train ? { rate: train.rate, distortion: train.distortion, step: train.step, from: 'train' } : null;
}

/** Why a run cannot share the plane with the current settings, or null when it can. */
export function whyNotComparable(run: Pick<RunRecord, 'settings'>, current: Settings): string | null {
  const s = run.settings;
  if (s.model !== current.model) return `a different model (${s.model})`;
  if (s.dataset !== current.dataset) return `another dataset (${s.dataset})`;
  if (s.latent !== current.latent) return `K = ${s.latent}, not ${current.latent}`;
  return null;
}

/**
 * The other runs to draw, as the loss charts choose them (the pinned baseline and every run
 * ticked for overlay, not the current run), kept only when they are the same model on the
 * same data with the same latent size; the rest are named with the reason. Ordered by β.
 */
export function overlayRuns(runs: readonly RunRecord[], overlayIds: readonly string[], currentId: string | null, current: Settings): RdOverlay {
  const out: RdOverlay = { drawn: [], notComparable: [] };
  for (const r of runs) {
    if (r.id === currentId || !(r.pinned || overlayIds.includes(r.id))) continue;
    const why = whyNotComparable(r, current);
    const end = why ? null : endPoint(r.history);
    if (why || !end) {
      out.notComparable.push({ id: r.id, name: r.name, why: why ?? 'no rate or distortion recorded' });
      continue;
    }
    out.drawn.push({ id: r.id, name: r.name, beta: betaOf(r.settings), ...end, path: ratePath(r.history) });
  }
  out.drawn.sort((a, b) => a.beta - b.beta);
  return out;
}

export interface MonotoneCheck {
  /** Distinct β values among the end points. */
  betas: number;
  rateFalls: boolean;
  distortionRises: boolean;
  /** The first pair that breaks the order, in words; null when none does. */
  broken: string | null;
}

/**
 * The claim the trace shows: for every pair of end points with β_i < β_j, R_i > R_j and
 * D_i < D_j (rate falls, distortion rises as β rises). Pairs with equal β say nothing.
 */
export function monotoneCheck(ends: readonly (RdXY & { beta: number })[]): MonotoneCheck {
  const sorted = [...ends].sort((a, b) => a.beta - b.beta);
  let rateFalls = true;
  let distortionRises = true;
  let broken: string | null = null;
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i], sorted[j]];
      if (a.beta === b.beta) continue;
      const rateOk = a.rate > b.rate;
      const distortionOk = a.distortion < b.distortion;
      rateFalls &&= rateOk;
      distortionRises &&= distortionOk;
      if (!broken && !rateOk) broken = `rate at β ${formatBeta(b.beta)} (${b.rate.toFixed(2)}) is not below rate at β ${formatBeta(a.beta)} (${a.rate.toFixed(2)})`;
      if (!broken && !distortionOk)
        broken = `distortion at β ${formatBeta(b.beta)} (${b.distortion.toFixed(1)}) is not above distortion at β ${formatBeta(a.beta)} (${a.distortion.toFixed(1)})`;
    }
  return { betas: new Set(sorted.map((e) => e.beta)).size, rateFalls, distortionRises, broken };
}

/** β as a label: 0.25, 1, 4 (three significant digits at most). */
export function formatBeta(beta: number): string {
  return String(Number(beta.toPrecision(3)));
}
