import { formatBeta } from '../panels/vae/rate-distortion-runs';
import { SETTINGS, SETTING_KEYS, type Settings } from '../settings/schema';
import type { RunRecord } from '../state/run-record';
import { useLab } from '../state/store';
import type { Comparison } from './compare-presets';
import { runComparison, waitForSavedRun, type CompareEngine, type CompareOptions, type CompareRuns } from './compare-run';

/**
 * "Trace the curve": the VAE at several constant β on one seed, each saved as a run and ticked,
 * so the rate–distortion panel draws their end points (Alemi et al. 2018).
 *
 * The claim (test/unit/rate-distortion.test.ts trains it): with K = 16 and the other settings
 * at their defaults, on seed 1, from `minSteps` steps per β the end points order as the
 * theory says, the rate falling and the distortion rising with β. Below that the runs are
 * still near their shared start and the order can break (at 25 steps, β = 0.25 ends with
 * a higher distortion than β = 0.5).
 */
export const RD_TRACE = {
  betas: [0.25, 0.5, 1, 2, 4],
  /** Steps per β the panel offers first. */
  steps: 200,
  /** The fewest steps per β the claim is declared (and tested) for. */
  minSteps: 50,
  /** The settings the claim is tested with (over the defaults). */
  claim: { model: 'vae', latent: 16, seed: 1 },
} as const;

/** Every training setting of `s` except the seed (the comparison sets it) and the backend. */
function trainingSettings(s: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) if (SETTINGS[k].scope !== 'view' && k !== 'backend' && k !== 'seed') out[k] = s[k];
  return out;
}

/**
 * The trace as a one-click comparison: the current model exactly as set (same data, K,
 * architecture, likelihood, optimizer), only β changing, held constant for the whole run
 * so each end point belongs to one β.
 */
export function traceComparison(current: Settings, steps: number, betas: readonly number[] = RD_TRACE.betas): Comparison {
  const base = trainingSettings(current);
  return {
    id: 'rate-distortion-trace',
    title: 'Trace the rate–distortion curve',
    short: 'R–D trace',
    description: `The same VAE at β = ${betas.map(formatBeta).join(', ')} (constant), on one seed.`,
    steps,
    configs: betas.map((b) => ({ label: `β = ${formatBeta(b)}`, settings: { ...base, betaSchedule: 'constant', betaMax: b } })),
  };
}

/** The runs controller's part the trace needs: renaming, and reopening the run that was current. */
export interface TraceRuns extends CompareRuns {
  open(run: RunRecord): Promise<void>;
}

export interface TraceOptions extends Omit<CompareOptions, 'runs' | 'engine'> {
  engine: CompareEngine;
  runs: TraceRuns;
  steps: number;
  betas?: readonly number[];
}

/**
 * Trains the trace with the comparison machinery, then gives the learner back the run they
 * had: reopened from IndexedDB (settings, weights, history) when it had trained, else a fresh
 * run of its settings. That happens on success, on Stop (the β in progress finishes, the rest
 * are skipped; the finished ones stay saved and ticked) and on failure alike.
 * Resolves with the traced runs' ids in β order.
 */
export async function traceCurve(o: TraceOptions): Promise<string[]> {
  const before = useLab.getState();
  const settings = before.settings;
  const originalId = before.currentRunId;
  const originalStep = before.snapshot?.step ?? 0;
  o.engine.pause();
  const settleMs = o.settleMs ?? 800;
  // A run that trained is saved with its weights on pause: wait for that copy before leaving it.
  if (originalId && originalStep > 0) await waitForSavedRun(originalId, originalStep, o.saveTimeoutMs ?? 60_000, settleMs);
  // Then detach it: the first β is a live setting, and the runs controller would save it onto this run.
  useLab.setState({ currentRunId: null });
  try {
    return await runComparison(traceComparison(settings, o.steps, o.betas), { ...o, runs: o.runs });
  } finally {
    // Detach the last traced run first, so the restored settings are not saved onto it.
    useLab.setState({ currentRunId: null });
    const saved = useLab.getState().runs.find((r) => r.id === originalId);
    if (saved && originalStep > 0) await o.runs.open(saved);
    else {
      await o.engine.set({ ...trainingSettings(settings), seed: settings.seed });
      await o.engine.reset();
    }
  }
}
