import { matchTask } from './task-match';
import { SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './schema';

export interface PatchResult {
  ok: boolean;
  settings: Settings;
  errors: string[];
  /** Keys whose change needs a new model (a reset). */
  resetKeys: SettingKey[];
  /** What the patch changed beyond what it asked (e.g. the dataset that follows a recommender). */
  notes?: string[];
}

const isKey = (k: string): k is SettingKey => (SETTING_KEYS as string[]).includes(k);

/**
 * Checks a patch against the schema. All-or-nothing: if any entry is invalid,
 * nothing is applied and every problem is listed.
 */
export function applyPatch(current: Settings, patch: Record<string, unknown>): PatchResult {
  const errors: string[] = [];
  const next: Record<string, unknown> = { ...current };
  const resetKeys: SettingKey[] = [];
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return { ok: false, settings: current, errors: ['Settings must be an object such as { latent: 16 }.'], resetKeys };
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!isKey(key)) {
      errors.push(`Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}.`);
      continue;
    }
    const parsed = SETTINGS[key].schema.safeParse(value);
    if (!parsed.success) {
      errors.push(`${parsed.error.issues[0]?.message ?? `invalid ${key}`} (got ${JSON.stringify(value)}).`);
      continue;
    }
    if (next[key] !== parsed.data) {
      next[key] = parsed.data;
      if (SETTINGS[key].resets) resetKeys.push(key);
    }
  }
  if (errors.length) return { ok: false, settings: current, errors, resetKeys: [] };
  // Cross-field: the dataset must serve the model's task (images, clicks).
  const fix = matchTask(next as Settings, { model: 'model' in patch, dataset: 'dataset' in patch, task: 'task' in patch });
  if (fix.error) return { ok: false, settings: current, errors: [fix.error], resetKeys: [] };
  for (const key of ['dataset', 'model', 'task'] as const) {
    if (fix[key] === undefined) continue;
    next[key] = fix[key];
    if (!resetKeys.includes(key)) resetKeys.push(key);
  }
  return { ok: true, settings: next as Settings, errors, resetKeys, ...(fix.note ? { notes: [fix.note] } : {}) };
}
