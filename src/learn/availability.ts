import { MODELS } from '../settings/model-names';
import { SETTING_KEYS } from '../settings/schema';
import type { Step } from './types';

export interface Availability {
  available: boolean;
  /** Models the step needs that are not in MODELS yet. */
  missingModels: string[];
  /** Preset settings the schema does not know yet. */
  missingSettings: string[];
}

/**
 * Whether the lab can run a step now: every model it names (requires, preset.model)
 * is in MODELS and every preset key is in the settings schema.
 */
export function stepAvailability(
  step: Step,
  models: readonly string[] = MODELS,
  keys: readonly string[] = SETTING_KEYS,
): Availability {
  const wanted = new Set([...(step.requires ?? []), ...(step.preset?.model ? [step.preset.model] : [])]);
  const missingModels = [...wanted].filter((m) => !models.includes(m));
  const missingSettings = Object.keys(step.preset ?? {}).filter((k) => !keys.includes(k));
  return { available: missingModels.length === 0 && missingSettings.length === 0, missingModels, missingSettings };
}

/** "the sparse model", "the sparse and denoising models, and the betaMax setting"… */
export function describeMissing(a: Availability): string {
  const parts: string[] = [];
  const list = (xs: string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
  if (a.missingModels.length) parts.push(`the ${list(a.missingModels)} model${a.missingModels.length > 1 ? 's' : ''}`);
  if (a.missingSettings.length) parts.push(`the ${list(a.missingSettings)} setting${a.missingSettings.length > 1 ? 's' : ''}`);
  return parts.join(', and ');
}
