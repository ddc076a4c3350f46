import { z } from 'zod';
import type { Preset } from '../settings/presets';
import { defaultSettings, TRAIN_KEYS } from '../settings/schema';
import { applyPatch } from '../settings/validate';
import { readSafetensors, writeSafetensors, type NamedTensor } from '../data/safetensors';

/*
 * A shipped checkpoint (public/checkpoints/<preset>.safetensors): the safetensors layout of
 * safetensors.ts with every tensor stored as F16 (IEEE half precision), which halves the
 * download; Python reads it with safetensors.numpy.load_file like the lab's exports.
 * The manifest beside the files records what the script measured (scripts/make-checkpoints.ts).
 */

export const CHECKPOINT_DIR = 'checkpoints';
export const MANIFEST_FORMAT = 'autoencoder-lab-checkpoints';

const history = z.record(z.string(), z.array(z.object({ step: z.number(), value: z.number() })));

export const checkpointEntrySchema = z.object({
  preset: z.string(),
  file: z.string(),
  bytes: z.number().int().positive(),
  /** SHA-256 of the file, lowercase hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  dtype: z.literal('F16'),
  step: z.number().int().positive(),
  /** Every training setting the run used (view settings and the backend left out). */
  settings: z.record(z.string(), z.unknown()),
  /** The engine's test figures for the shipped (half-precision) weights: what the lab shows at `step`. */
  figures: z.record(z.string(), z.number()),
  /** The same figures for the float32 weights before rounding: the error the rounding brings. */
  float32Figures: z.record(z.string(), z.number()),
  /** The metric history up to `step`, downsampled: the charts show the curve so far. */
  history,
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  labVersion: z.string(),
  checkpoints: z.array(checkpointEntrySchema),
});

export type CheckpointEntry = z.infer<typeof checkpointEntrySchema>;
export type CheckpointManifest = z.infer<typeof manifestSchema>;

export function parseManifest(json: unknown): CheckpointManifest {
  const m = manifestSchema.safeParse(json);
  if (!m.success) throw new Error(`The checkpoint manifest is malformed (${m.error.issues[0]?.path.join('.')}: ${m.error.issues[0]?.message}).`);
  return m.data;
}

/** The training settings a preset runs (the defaults plus its own, validated as the lab does), backend left out. */
export function presetTrainSettings(preset: Pick<Preset, 'id' | 'settings'>): Record<string, unknown> {
  const r = applyPatch(defaultSettings(), preset.settings);
  if (!r.ok) throw new Error(`The preset ${preset.id} does not validate: ${r.errors.join(' ')}`);
  return Object.fromEntries(TRAIN_KEYS.filter((k) => k !== 'backend').map((k) => [k, r.settings[k]]));
}

/**
 * Where a checkpoint's recorded settings and the preset's current ones differ, as "key: recorded → now";
 * [] when they agree. A setting added to the schema since the checkpoint was made counts as agreeing
 * while the preset leaves it at its default (the test figures still have to match).
 */
export function settingsDiff(recorded: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const defaults = defaultSettings() as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(now)])];
  const addedAtDefault = (k: string) => !(k in recorded) && k in defaults && JSON.stringify(now[k]) === JSON.stringify(defaults[k]);
  return keys
    .filter((k) => JSON.stringify(recorded[k]) !== JSON.stringify(now[k]) && !addedAtDefault(k))
    .map((k) => `${k}: ${JSON.stringify(recorded[k]) ?? '(none)'} → ${JSON.stringify(now[k]) ?? '(none)'}`);
}

/** Tensors as one F16 safetensors file (what a shipped checkpoint is). */
export function writeCheckpoint(tensors: readonly NamedTensor[], metadata: Record<string, string>): Uint8Array {
  return writeSafetensors(tensors, metadata, 'F16');
}

/** Reads a checkpoint file: its tensors as float32 (in file order) and its metadata. Throws, naming the problem. */
export function readCheckpoint(bytes: Uint8Array): { tensors: NamedTensor[]; metadata: Record<string, string> } {
  return readSafetensors(bytes, 'F16');
}

/** SHA-256 of the bytes as lowercase hex (Web Crypto: the browser, the worker and Node share it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
