import type { Point } from '../../engine/history';
import { floatsOf, numberOf } from '../diagnostic-values';
import { beta, sampleBetaCurve, type BetaSchedule } from '../../math/beta-schedule';
import { betaScheduleFromSettings, type VaeLiveSettings } from '../../settings/vae-settings';

/**
 * Pure helpers the VAE panels share (no React, no DOM, no tfjs): reading the worker's
 * diagnostics, the β curve to plot, and series joined by step.
 */

/** KL_j below this many nats counts as collapsed (the worker's COLLAPSE_THRESHOLD). */
export const COLLAPSE_NATS = 0.01;

/** The schedule the settings describe, or null if they do not make one. */
export function scheduleOf(s: VaeLiveSettings): BetaSchedule | null {
  try {
    return betaScheduleFromSettings(s);
  } catch {
    return null;
  }
}

/** How far the β plot reaches: the schedule's interesting part, and always past the current step. */
export function betaHorizon(s: BetaSchedule, step: number): number {
  const shape = s.kind === 'linear' ? 1.5 * s.warmupSteps : s.kind === 'cyclical' ? 1.15 * s.totalSteps : s.kind === 'logistic' ? 2 * s.x0 + 4 / s.k : 0;
  return Math.max(100, Math.ceil(shape), Math.ceil(step * 1.1));
}

/** β(t) sampled for the chart (with the current step included exactly, so the marker sits on the curve). */
export function betaCurve(s: BetaSchedule, step: number, points = 240): { step: number; beta: number }[] {
  const last = betaHorizon(s, step);
  const { steps, betas } = sampleBetaCurve(s, last, points);
  const rows = steps.map((t, i) => ({ step: t, beta: betas[i] }));
  rows.push({ step, beta: beta(step, s) });
  return rows.sort((a, b) => a.step - b.step);
}

/** Rows with one value per series at each step where every series has a point. */
export function joinByStep(series: Record<string, Point[] | undefined>): Record<string, number>[] {
  const names = Object.keys(series);
  const byStep = new Map<number, Record<string, number>>();
  for (const name of names) for (const p of series[name] ?? []) byStep.set(p.step, { ...(byStep.get(p.step) ?? { step: p.step }), [name]: p.value });
  return [...byStep.values()].filter((r) => names.every((n) => n in r)).sort((a, b) => a.step - b.step);
}

/** What the worker's 'interpolate' query returns (see models/vae-diagnostics.ts). */
export interface Interpolation {
  from: number;
  to: number;
  steps: number;
  images: Float32Array;
}

export { floatsOf, numberOf };
