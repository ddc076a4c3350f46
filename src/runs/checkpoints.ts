import type { EngineClient } from '../client/engine-client';
import type { ExportedVariable } from '../engine/protocol';
import { PRESETS, presetSettings, type Preset } from '../settings/presets';
import { applyPatch } from '../settings/validate';
import { notify, useLab } from '../state/store';
import { CHECKPOINT_DIR, parseManifest, presetTrainSettings, readCheckpoint, settingsDiff, sha256Hex, type CheckpointManifest } from './checkpoint-file';
import type { RunsController } from './runs-controller';

export type PresetStart = 'checkpoint' | 'scratch';
export type CheckpointedPreset = Preset & { checkpoint: { step: number } };

/** How a preset was applied: the step the run stands at, and why a checkpoint was refused. */
export interface PresetApplied {
  from: PresetStart;
  step: number;
  refused?: string;
}

/** The shipped manifest (public/checkpoints/manifest.json; small, and cached by the service worker). */
async function loadManifest(): Promise<CheckpointManifest> {
  const r = await fetch(new URL(`${CHECKPOINT_DIR}/manifest.json`, document.baseURI));
  if (!r.ok) throw new Error(`the manifest could not be fetched (HTTP ${r.status})`);
  return parseManifest(await r.json());
}

/** The preset whose settings a walkthrough step runs exactly, if it ships a checkpoint. */
export function checkpointedPresetFor(stepSettings: Record<string, unknown>): CheckpointedPreset | null {
  let wanted: string;
  try {
    wanted = JSON.stringify(presetTrainSettings({ id: 'step', settings: stepSettings }));
  } catch {
    return null; // a step whose settings do not validate says so when applied
  }
  return PRESETS.find((p): p is CheckpointedPreset => Boolean(p.checkpoint) && JSON.stringify(presetTrainSettings(p)) === wanted) ?? null;
}

/**
 * The checkpoint's weights, after every check: the manifest lists it at the preset's step,
 * its settings are the preset's current ones, and the file's hash is the recorded one.
 */
async function fetchCheckpoint(preset: CheckpointedPreset) {
  const entry = (await loadManifest()).checkpoints.find((c) => c.preset === preset.id);
  if (!entry) throw new Error('the manifest lists no checkpoint for it');
  if (entry.step !== preset.checkpoint.step) throw new Error(`it was trained to step ${entry.step}, but the preset now asks for step ${preset.checkpoint.step}`);
  const diff = settingsDiff(entry.settings, presetTrainSettings(preset));
  if (diff.length) throw new Error(`the preset changed since it was made (${diff.join('; ')})`);
  const response = await fetch(new URL(`${CHECKPOINT_DIR}/${entry.file}`, document.baseURI));
  if (!response.ok) throw new Error(`${entry.file} could not be fetched (HTTP ${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if ((await sha256Hex(bytes)) !== entry.sha256) throw new Error(`${entry.file} is not the file the manifest records (its SHA-256 differs)`);
  const weights: ExportedVariable[] = readCheckpoint(bytes).tensors;
  return { entry, weights };
}

/**
 * Puts the lab into a preset: from scratch (a fresh run at step 0), or from its shipped
 * checkpoint through the import path (RunsController.open): the run stands at step N with the
 * recorded history, paused, and Play trains on from there. A checkpoint that fails a check
 * is refused with a notice saying why, and the preset starts from scratch instead.
 */
export async function applyPreset(engine: EngineClient, runs: RunsController, id: string, from: PresetStart = 'scratch'): Promise<PresetApplied> {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`There is no preset "${id}". Presets: ${PRESETS.map((p) => p.id).join(', ')}.`);
  const scratch = async (refused?: string): Promise<PresetApplied> => {
    await engine.set(presetSettings(preset, useLab.getState().settings));
    await engine.reset();
    return { from: 'scratch', step: 0, ...(refused ? { refused } : {}) };
  };
  if (from === 'scratch') return scratch();
  const { checkpoint } = preset;
  if (!checkpoint) throw new Error(`The preset "${id}" ships no checkpoint; start it with from: 'scratch'.`);
  const refuse = (e: unknown) => {
    const reason = (e as Error).message;
    notify('error', `The shipped checkpoint for “${preset.title}” was refused: ${reason}. The lab starts the preset from scratch.`);
    return scratch(reason);
  };
  let loaded: Awaited<ReturnType<typeof fetchCheckpoint>>;
  try {
    loaded = await fetchCheckpoint({ ...preset, checkpoint });
  } catch (e) {
    return refuse(e);
  }
  const current = useLab.getState().settings;
  const next = applyPatch(current, presetSettings(preset, current));
  if (!next.ok) throw new Error(next.errors.join(' '));
  try {
    await runs.open({
      name: `${preset.title} · shipped checkpoint`,
      createdAt: Date.now(),
      settings: next.settings,
      history: loaded.entry.history,
      step: loaded.entry.step,
      weights: loaded.weights,
    });
  } catch (e) {
    // The model no longer takes these weights (a renamed variable, a new shape).
    return refuse(e);
  }
  return { from: 'checkpoint', step: loaded.entry.step };
}
