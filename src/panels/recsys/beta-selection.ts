// Liang et al.'s β selection (2018, §2.2.2, Fig. 1) as pure data: validation NDCG@100 against β,
// its peak, and the cap a retrain uses. No React, so the unit tests read it directly.
import type { Point } from '../../engine/history';
import { cappedBeta } from '../../settings/recsys-settings';

/** One validation point of the run: NDCG@100 after `step` updates, and β at that step. */
export interface BetaNdcgPoint {
  step: number;
  beta: number;
  ndcg: number;
}

/** The schedule the model runs: β_t = min(β_cap, t / T), T already resolved ('auto' → a step count). */
export interface BetaScheduleParams {
  annealSteps: number;
  cap: number;
}

/**
 * Pairs each validation NDCG@100 point with β_S = min(β_cap, S / T), the schedule's value once S updates
 * are done (the last of them used β_{S−1}, 1/T less). The rule, not the recorded `train/beta`: that series
 * holds each chunk's mean β and is thinned on its own, so it rarely shares a step with a validation
 * point; scheduleFollowed checks against it instead. Sorted by step.
 */
export function pairNdcgWithBeta(ndcg: readonly Point[], { annealSteps, cap }: BetaScheduleParams): BetaNdcgPoint[] {
  return [...ndcg].sort((a, b) => a.step - b.step).map((p) => ({ step: p.step, beta: cappedBeta(p.step, annealSteps, cap), ndcg: p.value }));
}

/** The point of highest NDCG@100; on a tie the earliest (the smaller β on a rising schedule). Null when empty. */
export function ndcgPeak(points: readonly BetaNdcgPoint[]): BetaNdcgPoint | null {
  let best: BetaNdcgPoint | null = null;
  for (const p of points) if (Number.isFinite(p.ndcg) && (best === null || p.ndcg > best.ndcg)) best = p;
  return best;
}

/** The β cap a retrain uses: the peak's β to 2 decimals (what the β cap control shows). */
export const retrainCap = (beta: number): number => Math.round(beta * 100) / 100;

/**
 * Whether the recorded `train/beta` fits the schedule. A point at step S is the mean β of the updates
 * since the previous record (some records may be thinned away), and β only rises, so it must lie in
 * [β(previous record's step), β(S − 1)]. A point outside says β cap or anneal steps (or the batch size,
 * under 'auto') changed during the run, and the pairing by the current rule would be wrong.
 * `tolerance` absorbs float32 sums.
 */
export function scheduleFollowed(recorded: readonly Point[], { annealSteps, cap }: BetaScheduleParams, tolerance = 1e-4): boolean {
  let previous = 0;
  for (const p of recorded) {
    // A step that goes back (restored checkpoint, imported weights) starts a new stretch.
    const from = p.step > previous ? previous : 0;
    const lo = cappedBeta(from, annealSteps, cap);
    const hi = cappedBeta(Math.max(0, p.step - 1), annealSteps, cap);
    if (p.value < lo - tolerance || p.value > hi + tolerance) return false;
    previous = p.step;
  }
  return true;
}
