import { describe, expect, it } from 'vitest';
import { beta, betaScheduleFromParams, sampleBetaCurve, validateBetaSchedule, type BetaSchedule } from '../../src/math/beta-schedule';

describe('β schedules', () => {
  it('constant', () => {
    const s: BetaSchedule = { kind: 'constant', beta: 0.7 };
    for (const t of [0, 1, 1000, 1e6]) expect(beta(t, s)).toBe(0.7);
  });

  it('linear warm-up: 0 at t=0, β_max/2 at N/2, β_max at N and after', () => {
    const s: BetaSchedule = { kind: 'linear', betaMax: 2, warmupSteps: 1000 };
    expect(beta(0, s)).toBe(0);
    expect(beta(250, s)).toBeCloseTo(0.5, 12);
    expect(beta(500, s)).toBeCloseTo(1, 12);
    expect(beta(1000, s)).toBe(2);
    expect(beta(2000, s)).toBe(2);
    expect(beta(5, { kind: 'linear', betaMax: 3, warmupSteps: 0 })).toBe(3); // N = 0: no warm-up
  });

  it('cyclical (Fu et al. 2019): ramp over r of each cycle, hold, restart', () => {
    // T = 4000, n = 4 cycles of L = 1000, r = 0.5: ramp over 500 steps.
    const s: BetaSchedule = { kind: 'cyclical', betaMax: 1, totalSteps: 4000, cycles: 4 };
    expect(beta(0, s)).toBe(0);
    expect(beta(250, s)).toBeCloseTo(0.5, 12); // middle of the ramp
    expect(beta(499, s)).toBeCloseTo(0.998, 12);
    expect(beta(500, s)).toBe(1); // hold starts
    expect(beta(750, s)).toBe(1);
    expect(beta(999, s)).toBe(1);
    expect(beta(1000, s)).toBe(0); // next cycle starts at 0
    expect(beta(1250, s)).toBeCloseTo(0.5, 12);
    expect(beta(3999, s)).toBe(1);
    expect(beta(4000, s)).toBe(1); // after T: holds at β_max
    const r = { kind: 'cyclical', betaMax: 4, totalSteps: 300, cycles: 3, rampFraction: 0.25 } as const;
    expect(beta(0, r)).toBe(0);
    expect(beta(10, r)).toBeCloseTo(1.6, 12); // τ = 0.1, β = 4·0.1/0.25
    expect(beta(25, r)).toBe(4);
    expect(beta(100, r)).toBe(0);
    expect(beta(110, r)).toBeCloseTo(1.6, 12);
  });

  it('logistic: β_max/2 at x0, symmetric about it, saturating', () => {
    const s: BetaSchedule = { kind: 'logistic', betaMax: 1.5, k: 0.01, x0: 2000 };
    expect(beta(2000, s)).toBe(0.75);
    expect(beta(2500, s) + beta(1500, s)).toBeCloseTo(1.5, 12);
    expect(beta(2500, s)).toBeCloseTo(1.5 / (1 + Math.exp(-5)), 12);
    expect(beta(0, s)).toBeLessThan(1.5 * 1e-8);
    expect(beta(10000, s)).toBeCloseTo(1.5, 12);
  });

  it('samples the curve at M points from 0 to the last step', () => {
    const s: BetaSchedule = { kind: 'linear', betaMax: 1, warmupSteps: 100 };
    const { steps, betas } = sampleBetaCurve(s, 200, 5);
    expect(steps).toEqual([0, 50, 100, 150, 200]);
    expect(betas).toEqual([0, 0.5, 1, 1, 1]);
    expect(sampleBetaCurve(s, 200, 1).steps).toEqual([0]);
    expect(() => sampleBetaCurve(s, 200, 0)).toThrow(/plot points/);
  });

  it('rejects malformed schedules with clear messages', () => {
    expect(() => validateBetaSchedule({ kind: 'linear', betaMax: -1, warmupSteps: 10 })).toThrow(/betaMax must be a number ≥ 0/);
    expect(() => validateBetaSchedule({ kind: 'constant', beta: -0.5 })).toThrow(/beta must be a number ≥ 0/);
    expect(() => validateBetaSchedule({ kind: 'linear', betaMax: 1, warmupSteps: -5 })).toThrow(/warmupSteps/);
    expect(() => validateBetaSchedule({ kind: 'cyclical', betaMax: 1, totalSteps: 100, cycles: 0 })).toThrow(/cycles/);
    expect(() => validateBetaSchedule({ kind: 'cyclical', betaMax: 1, totalSteps: 100, cycles: 2, rampFraction: 1.5 })).toThrow(/rampFraction/);
    expect(() => validateBetaSchedule({ kind: 'logistic', betaMax: 1, k: 0, x0: 1 })).toThrow(/slope k/);
    expect(() => validateBetaSchedule({ kind: 'sawtooth', betaMax: 1 })).toThrow(/Unknown β schedule kind "sawtooth"/);
    expect(() => validateBetaSchedule(null)).toThrow(/must be an object/);
  });

  it('builds a schedule from flat settings', () => {
    const p = { kind: 'cyclical' as const, betaMax: 1, warmupSteps: 0, totalSteps: 1000, cycles: 2, rampFraction: 0.5, logisticK: 0.01, logisticX0: 0 };
    expect(betaScheduleFromParams(p)).toEqual({ kind: 'cyclical', betaMax: 1, totalSteps: 1000, cycles: 2, rampFraction: 0.5 });
    expect(betaScheduleFromParams({ ...p, kind: 'constant', betaMax: 0.3 })).toEqual({ kind: 'constant', beta: 0.3 });
    expect(() => betaScheduleFromParams({ ...p, kind: 'logistic', betaMax: -2 })).toThrow(/betaMax/);
  });
});
