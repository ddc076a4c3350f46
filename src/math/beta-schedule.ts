/**
 * The weight β on the KL term of a VAE as a function of the training step.
 * Pure functions (no tfjs) so the UI can plot the curve and tests can check values.
 */
export type BetaSchedule =
  /** β(t) = β for every step. */
  | { kind: 'constant'; beta: number }
  /** Linear warm-up (Bowman et al. 2016): β(t) = β_max · min(1, t/N). */
  | { kind: 'linear'; betaMax: number; warmupSteps: number }
  /**
   * Cyclical (Fu et al. 2019): T steps split into n cycles of length L = T/n. With
   * τ = (t mod L)/L, β = β_max·τ/r while τ < r, else β_max. After T steps β holds at β_max.
   */
  | { kind: 'cyclical'; betaMax: number; totalSteps: number; cycles: number; rampFraction?: number }
  /** Logistic: β(t) = β_max / (1 + exp(−k(t − x0))). */
  | { kind: 'logistic'; betaMax: number; k: number; x0: number };

export type BetaScheduleKind = BetaSchedule['kind'];
export const BETA_SCHEDULE_KINDS: readonly BetaScheduleKind[] = ['constant', 'linear', 'cyclical', 'logistic'];
export const DEFAULT_RAMP_FRACTION = 0.5;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function need(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

/** Throws a clear Error when the schedule is malformed; returns it typed otherwise. */
export function validateBetaSchedule(s: unknown): BetaSchedule {
  need(typeof s === 'object' && s !== null, 'The β schedule must be an object with a "kind".');
  const o = s as Record<string, unknown>;
  const max = o.kind === 'constant' ? o.beta : o.betaMax;
  const maxName = o.kind === 'constant' ? 'beta' : 'betaMax';
  switch (o.kind) {
    case 'constant':
    case 'linear':
    case 'cyclical':
    case 'logistic':
      need(isNum(max) && max >= 0, `The β schedule's ${maxName} must be a number ≥ 0 (got ${String(max)}).`);
      break;
    default:
      throw new Error(`Unknown β schedule kind "${String(o.kind)}"; use one of: ${BETA_SCHEDULE_KINDS.join(', ')}.`);
  }
  if (o.kind === 'linear') {
    need(isNum(o.warmupSteps) && o.warmupSteps >= 0, `warmupSteps must be a number ≥ 0 (got ${String(o.warmupSteps)}).`);
  }
  if (o.kind === 'cyclical') {
    need(isNum(o.totalSteps) && o.totalSteps > 0, `totalSteps must be a number > 0 (got ${String(o.totalSteps)}).`);
    need(isNum(o.cycles) && Number.isInteger(o.cycles) && o.cycles >= 1, `cycles must be a whole number ≥ 1 (got ${String(o.cycles)}).`);
    const r = o.rampFraction ?? DEFAULT_RAMP_FRACTION;
    need(isNum(r) && r > 0 && r <= 1, `rampFraction must be in (0, 1] (got ${String(r)}).`);
  }
  if (o.kind === 'logistic') {
    need(isNum(o.k) && o.k > 0, `The logistic slope k must be a number > 0 (got ${String(o.k)}).`);
    need(isNum(o.x0), `The logistic midpoint x0 must be a number (got ${String(o.x0)}).`);
  }
  return o as BetaSchedule;
}

/** β at a training step (step ≥ 0; the first optimizer step is step 0). */
export function beta(step: number, s: BetaSchedule): number {
  switch (s.kind) {
    case 'constant':
      return s.beta;
    case 'linear':
      // β(t) = β_max · min(1, t/N)
      return s.warmupSteps <= 0 ? s.betaMax : s.betaMax * Math.min(1, Math.max(0, step) / s.warmupSteps);
    case 'cyclical': {
      if (step >= s.totalSteps) return s.betaMax;
      const r = s.rampFraction ?? DEFAULT_RAMP_FRACTION;
      const cycle = s.totalSteps / s.cycles;
      // τ = (t mod L)/L;  β = β_max · min(1, τ/r)
      const tau = (Math.max(0, step) % cycle) / cycle;
      return s.betaMax * Math.min(1, tau / r);
    }
    case 'logistic':
      // β(t) = β_max / (1 + e^{−k(t − x0)})
      return s.betaMax / (1 + Math.exp(-s.k * (step - s.x0)));
  }
}

/** The curve at m evenly spaced steps from 0 to lastStep inclusive, for plotting. */
export function sampleBetaCurve(s: BetaSchedule, lastStep: number, m: number): { steps: number[]; betas: number[] } {
  need(Number.isInteger(m) && m >= 1, `The number of plot points must be a whole number ≥ 1 (got ${m}).`);
  need(isNum(lastStep) && lastStep >= 0, `lastStep must be a number ≥ 0 (got ${lastStep}).`);
  const steps: number[] = [];
  const betas: number[] = [];
  for (let i = 0; i < m; i++) {
    const t = m === 1 ? 0 : (lastStep * i) / (m - 1);
    steps.push(t);
    betas.push(beta(t, s));
  }
  return { steps, betas };
}

/** Flat settings (as a settings table would hold them) → a schedule of the chosen kind. */
export interface BetaScheduleParams {
  kind: BetaScheduleKind;
  betaMax: number;
  warmupSteps: number;
  totalSteps: number;
  cycles: number;
  rampFraction: number;
  logisticK: number;
  logisticX0: number;
}

export function betaScheduleFromParams(p: BetaScheduleParams): BetaSchedule {
  const s: BetaSchedule =
    p.kind === 'constant'
      ? { kind: 'constant', beta: p.betaMax }
      : p.kind === 'linear'
        ? { kind: 'linear', betaMax: p.betaMax, warmupSteps: p.warmupSteps }
        : p.kind === 'cyclical'
          ? { kind: 'cyclical', betaMax: p.betaMax, totalSteps: p.totalSteps, cycles: p.cycles, rampFraction: p.rampFraction }
          : { kind: 'logistic', betaMax: p.betaMax, k: p.logisticK, x0: p.logisticX0 };
  return validateBetaSchedule(s);
}
