import type { Settings } from '../settings/schema';
import { useLab } from '../state/store';
import { comparisonPatch, type Comparison } from './compare-presets';

/** The parts of the engine a comparison drives (an interface so tests can pass a fake). */
export interface CompareEngine {
  pause(): void;
  set(patch: Record<string, unknown>): Promise<Settings>;
  reset(): Promise<void>;
  step(n: number): Promise<{ step: number }>;
}

/** The part of the runs controller a comparison needs: renaming the saved runs. */
export interface CompareRuns {
  update(id: string, change: { name: string }): Promise<void>;
  /** Resolves once the saves already queued are written (one of them may carry the old name). */
  idle?(): Promise<void>;
}

export interface CompareProgress {
  /** 0-based arm being worked on, of `total`. */
  index: number;
  total: number;
  label: string;
  phase: 'training' | 'saving' | 'done';
}

export interface CompareOptions {
  engine: CompareEngine;
  runs: CompareRuns;
  /** Optimizer steps per arm (the comparison's own count unless given). */
  steps?: number;
  /** The seed every arm shares (weights, split, batch order, noise). */
  seed: number;
  onProgress?: (p: CompareProgress) => void;
  /** Checked between arms: the arm in progress finishes, the rest are skipped. */
  cancelled?: () => boolean;
  /** How long to wait for a run to reach IndexedDB. */
  saveTimeoutMs?: number;
  /** A saved run counts as final once it has not changed for this long (the controller saves in a queue). */
  settleMs?: number;
}

/**
 * Trains each arm of a comparison in turn on the same data and seed: set its settings,
 * start a fresh run, take exactly `steps` steps, wait until the runs controller has saved
 * the run with its weights, and name it "<short>: <label>". Then ticks exactly these runs
 * for overlay. Resolves with their ids in order; throws (with the settings' own message)
 * when an arm is refused, and leaves the runs done so far saved.
 */
export async function runComparison(c: Comparison, o: CompareOptions): Promise<string[]> {
  if (c.configs.length < 2) throw new Error('A comparison needs two or more configurations.');
  const steps = o.steps ?? c.steps;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`A comparison needs a whole number of steps ≥ 1; got ${steps}.`);
  const ids: string[] = [];
  const settleMs = o.settleMs ?? 800;
  const saveTimeoutMs = o.saveTimeoutMs ?? 60_000;
  o.engine.pause();
  // The learner's own run, if it trained, is saved with its weights on pause: give that copy time
  // to land before the first arm's settings arrive (it is detached below, like every arm after it).
  // A run that is not being kept (no storage) does not hold the comparison up.
  const before = useLab.getState();
  const learnerStep = before.snapshot?.step ?? 0;
  if (before.currentRunId && learnerStep > 0) {
    await waitForSavedRun(before.currentRunId, learnerStep, Math.min(saveTimeoutMs, LEARNER_SAVE_WAIT_MS), settleMs).catch(() => undefined);
  }
  for (const [index, config] of c.configs.entries()) {
    if (o.cancelled?.()) break;
    const report = (phase: CompareProgress['phase']) => o.onProgress?.({ index, total: c.configs.length, label: config.label, phase });
    report('training');
    // Detach the run now current (the learner's, then each arm just saved): a live setting of the
    // next arm (β, say) would otherwise reach it through the runs controller's next save, which
    // stores whatever settings are current.
    const previous = useLab.getState().currentRunId;
    useLab.setState({ currentRunId: null });
    await o.engine.set(comparisonPatch(config, useLab.getState().settings, o.seed)).catch((e: unknown) => {
      useLab.setState({ currentRunId: previous }); // refused: nothing changed, the lab keeps the run it had
      throw e;
    });
    await o.engine.reset();
    const id = useLab.getState().currentRunId;
    if (!id) throw new Error('Runs are not being recorded in this browser (no IndexedDB), so there is nothing to compare.');
    const { step } = await o.engine.step(steps);
    report('saving');
    await waitForSavedRun(id, step, saveTimeoutMs, settleMs);
    await nameRun(o.runs, id, `${c.short}: ${config.label}`, settleMs);
    ids.push(id);
    report('done');
  }
  useLab.setState({ overlayIds: ids });
  return ids;
}

/** Longest a comparison waits for the learner's own run to be saved before it starts. */
const LEARNER_SAVE_WAIT_MS = 10_000;

/** Most renames tried while the controller's queued saves (which carry the old name) drain. */
const RENAME_TRIES = 6;

/**
 * Names a saved run, and names it again if a save that was already queued writes the old
 * name back: done once the name has held for `settleMs`.
 */
async function nameRun(runs: CompareRuns, id: string, name: string, settleMs: number): Promise<void> {
  for (let i = 0; i < RENAME_TRIES; i++) {
    await runs.update(id, { name });
    await runs.idle?.();
    await quiet(settleMs);
    if (useLab.getState().runs.find((r) => r.id === id)?.name === name) return;
  }
}

/** Resolves once the saved runs have not changed for `ms`. */
function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, ms);
    const unsubscribe = useLab.subscribe((s, prev) => {
      if (s.runs === prev.runs) return;
      clearTimeout(timer);
      timer = setTimeout(done, ms);
    });
    function done() {
      unsubscribe();
      resolve();
    }
  });
}

/**
 * Resolves once the saved run `id` has reached `step` with its weights and has stayed
 * unchanged for `settleMs` (so a rename is not overwritten by a save still queued).
 */
export function waitForSavedRun(id: string, step: number, timeoutMs: number, settleMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const finish = (error?: Error) => {
      clearTimeout(settle);
      clearTimeout(timeout);
      unsubscribe();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      const run = useLab.getState().runs.find((r) => r.id === id);
      if (!run || run.step < step || !run.weights) return;
      clearTimeout(settle);
      settle = setTimeout(() => finish(), settleMs);
    };
    const unsubscribe = useLab.subscribe((s, prev) => {
      if (s.runs !== prev.runs) check();
    });
    const timeout = setTimeout(
      () => finish(new Error(`The run at step ${step} was not saved within ${Math.round(timeoutMs / 1000)} s; is this browser keeping runs (IndexedDB)?`)),
      timeoutMs,
    );
    check();
  });
}
