// One-click comparisons on the clicks task: train a few variants of the current settings
// on the current split, each from fresh weights, and report their test metrics at the best
// validation epoch. The current run (model, history, checkpoint) is never touched.
import { familyFor } from '../families';
import type { Settings } from '../settings/schema';
import { applyPatch } from '../settings/validate';
import { yieldToEventLoop } from '../data/movielens/ratings-parser';
import { buildModel, type TaskFits } from './build-model';
import { evaluateBoth, type HeldOutOnDevice } from './recsys-baselines';
import { evaluatePart, meanAndSe } from './recsys-eval';
import type { RankingMetrics } from './recsys-types';
import { readScalars } from './read-scalars';
import { initFromData, Trainer, type DeviceData } from './trainer';

export const SWEEP_LIMITS = { variants: 12, epochs: 200, seeds: 5 } as const;
/** Optimizer steps between readbacks: keeps the worker answering 'cancel' within an epoch. */
const STEPS_PER_CHUNK = 50;
/** Settings a sweep cannot vary: they would need another split or another backend. */
const FIXED_KEYS = ['dataset', 'dataSize', 'task', 'backend'] as const;

export interface SweepVariant {
  label: string;
  settings: Partial<Settings>;
}

export interface SweepArgs {
  variants: SweepVariant[];
  epochs: number;
  /** Weight seeds per variant: settings.seed + r for r = 0..seeds−1 (default 1). */
  seeds?: number;
}

export interface SweepPoint {
  label: string;
  /** The variant's settings as validated (only the keys it set). */
  settings: Partial<Settings>;
  /** The weights' (and batch order's) seed; the split is the current one. */
  seed: number;
  /** The epoch of the best validation NDCG@100 (0 for closed-form models). */
  bestEpoch: number;
  validation: RankingMetrics;
  test: RankingMetrics;
}

export interface SweepSummary {
  label: string;
  /** Runs averaged: the seeds (1 for a closed-form model, which no seed changes). */
  n: number;
  /** Mean test NDCG@100 over the runs. */
  ndcg100: number;
  /** SE of that mean over the seeds (NaN for one trained run; 0 for a closed-form model). */
  seedSe: number;
  /** Mean over the runs of the test NDCG@100's SE over the test users. */
  userSe: number;
}

export interface SweepResult {
  points: SweepPoint[];
  summary: SweepSummary[];
}

/** What the clicks task lends a sweep: its data on the device, its fits and its progress bar. */
export interface SweepContext {
  settings: Settings;
  signal: AbortSignal;
  device: DeviceData;
  heldOut: HeldOutOnDevice;
  fits: TaskFits;
  inputDim: number;
  progress: (label: string, fraction: number | null, cancellable?: boolean) => void;
}

type RunBest = Pick<SweepPoint, 'bestEpoch' | 'validation' | 'test'>;

interface CheckedVariant {
  label: string;
  patch: Partial<Settings>;
  settings: Settings;
}

const wholeIn = (name: string, v: unknown, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`sweep: ${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(v)}).`);
  return v;
};

/** Checks every argument before anything is built, so a refused sweep changes nothing. */
export function checkSweepArgs(args: unknown, current: Settings): { variants: CheckedVariant[]; epochs: number; seeds: number } {
  const a = (args ?? {}) as Record<string, unknown>;
  const { variants: maxVariants, epochs: maxEpochs, seeds: maxSeeds } = SWEEP_LIMITS;
  if (!Array.isArray(a.variants) || a.variants.length < 1 || a.variants.length > maxVariants) {
    throw new Error(`sweep needs { variants: [{ label, settings }, …] } with 1 to ${maxVariants} variants, { epochs } and optionally { seeds }.`);
  }
  const epochs = wholeIn('epochs', a.epochs, 1, maxEpochs);
  const seeds = a.seeds === undefined ? 1 : wholeIn('seeds', a.seeds, 1, maxSeeds);
  const labels = new Set<string>();
  const variants = (a.variants as unknown[]).map((raw, i): CheckedVariant => {
    const v = (raw ?? {}) as Record<string, unknown>;
    const label = v.label;
    if (typeof label !== 'string' || !label.trim()) throw new Error(`sweep: variant ${i + 1} needs a label (text).`);
    if (labels.has(label)) throw new Error(`sweep: two variants are labelled "${label}"; labels must differ (the summary groups by them).`);
    labels.add(label);
    const patch = v.settings;
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new Error(`sweep: variant "${label}" needs settings, an object such as { latent: 32 }.`);
    const r = applyPatch(current, patch as Record<string, unknown>);
    if (!r.ok) throw new Error(`sweep: variant "${label}": ${r.errors.join(' ')}`);
    const family = familyFor(r.settings);
    if (family.task !== 'clicks')
      throw new Error(`sweep: variant "${label}" names ${family.label}, which is not a clicks model; a sweep trains recommenders on the current split.`);
    const fixed = FIXED_KEYS.filter((k) => r.settings[k] !== current[k]);
    if (fixed.length) throw new Error(`sweep: variant "${label}" changes ${fixed.join(', ')}; a sweep keeps the current split and backend (change them in the settings instead).`);
    const parsed = Object.fromEntries(Object.keys(patch).map((k) => [k, r.settings[k as keyof Settings]])) as Partial<Settings>;
    return { label, patch: parsed, settings: r.settings };
  });
  return { variants, epochs, seeds };
}

/**
 * Runs the sweep: each variant × weight seed is built through its family (as a new run is),
 * trained by a fresh Trainer on the task's device data for `epochs` epochs with validation
 * NDCG@100 after each, and scored on the test users at its best validation epoch (test
 * metrics are taken only at a new best, so no weight copy is kept). Closed-form models are
 * scored once. Every model is disposed before the next is built.
 */
export async function runSweep(ctx: SweepContext, args: unknown): Promise<SweepResult> {
  const { variants, epochs, seeds } = checkSweepArgs(args, ctx.settings);
  const { signal, device, heldOut } = ctx;
  const runs = variants.reduce((n, v) => n + (familyFor(v.settings).trains ? seeds : 1), 0);
  let done = 0;
  const points: SweepPoint[] = [];
  try {
    for (const [i, v] of variants.entries()) {
      const family = familyFor(v.settings);
      const where = `Sweep: ${v.label} (${i + 1}/${variants.length})`;
      if (!family.trains) {
        ctx.progress(`${where}, fitting`, done / runs, true);
        const model = await buildModel(v.settings, ctx.inputDim, ctx.fits, signal);
        try {
          points.push({ label: v.label, settings: v.patch, seed: v.settings.seed, bestEpoch: 0, ...(await evaluateBoth(model, heldOut)) });
        } finally {
          model.dispose();
        }
        done++;
        continue;
      }
      for (let r = 0; r < seeds; r++) {
        signal.throwIfAborted();
        const s: Settings = { ...v.settings, seed: v.settings.seed + r };
        const trainer = await freshTrainer(s, family.live, ctx);
        try {
          const label = `${where}${seeds > 1 ? `, seed ${r + 1}/${seeds}` : ''}`;
          const best = await trainRun(trainer, device.train.shape[0], epochs, heldOut, signal, (e) =>
            ctx.progress(`${label}, epoch ${e}/${epochs}`, (done + (e - 1) / epochs) / runs, true),
          );
          points.push({ label: v.label, settings: v.patch, seed: s.seed, ...best });
        } finally {
          trainer.dispose(); // the model, its optimizer and batch order
        }
        done++;
      }
    }
  } finally {
    ctx.progress('', 1);
  }
  return { points, summary: summarize(points, variants) };
}

/** A new model from the settings (as a new run builds one) and a Trainer that owns it; nothing is left behind if either fails. */
async function freshTrainer(s: Settings, live: readonly string[], ctx: SweepContext): Promise<Trainer> {
  const model = await buildModel(s, ctx.inputDim, ctx.fits, ctx.signal);
  try {
    initFromData(model, ctx.device);
    return new Trainer(model, ctx.device, s, s.seed, live);
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** Trains epoch by epoch (rows / batch size steps, remainder dropped, as the trainer does); keeps the test metrics of the best validation epoch. */
async function trainRun(trainer: Trainer, rows: number, epochs: number, heldOut: HeldOutOnDevice, signal: AbortSignal, onEpoch: (epoch: number) => void): Promise<RunBest> {
  const steps = Math.max(1, Math.floor(rows / trainer.batchSize));
  let best: RunBest | null = null;
  for (let e = 1; e <= epochs; e++) {
    onEpoch(e);
    let diverged = false;
    for (let left = steps; left > 0 && !diverged; left -= STEPS_PER_CHUNK) {
      await yieldToEventLoop(); // lets 'cancel' arrive
      signal.throwIfAborted();
      diverged = !Number.isFinite((await readScalars(trainer.trainSteps(Math.min(STEPS_PER_CHUNK, left)))).total);
    }
    if (diverged) break; // the best epoch so far stands
    const validation = await evaluatePart(trainer.model, heldOut.validation.foldIn, heldOut.validation.targets);
    if (!best || validation.ndcg100 > best.validation.ndcg100) {
      const test = await evaluatePart(trainer.model, heldOut.test.foldIn, heldOut.test.targets, heldOut.test.foldInClicks);
      best = { bestEpoch: e, validation, test };
    }
  }
  if (!best) throw new Error('sweep: a run diverged in its first epoch (the loss was not finite); try a lower learning rate.');
  return best;
}

/** Per variant, in order: the mean test NDCG@100 over its runs, its SE over seeds, and the mean SE over users. */
function summarize(points: SweepPoint[], variants: CheckedVariant[]): SweepSummary[] {
  return variants.map(({ label, settings }) => {
    const mine = points.filter((p) => p.label === label);
    const { mean, se } = meanAndSe(mine.map((p) => p.test.ndcg100));
    const userSe = meanAndSe(mine.map((p) => p.test.se.ndcg100)).mean;
    return { label, n: mine.length, ndcg100: mean, seedSe: familyFor(settings).trains ? se : 0, userSe };
  });
}
