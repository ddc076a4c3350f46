import type { EngineClient } from '../client/engine-client';
import { defaultSettings, SETTINGS, SETTING_KEYS, type Settings } from '../settings/schema';
import type { StepPreset } from './types';

/**
 * The settings patch a step stands for: training settings back to their defaults,
 * then the step's own values. The backend and view settings (scales, layout) stay
 * as the learner has them, so a step never switches the GPU or the page layout.
 */
export function stepPatch(preset: StepPreset, current: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defaults = defaultSettings();
  for (const k of SETTING_KEYS) {
    if (SETTINGS[k].scope === 'view' || k === 'backend') continue;
    if (current[k] !== defaults[k]) out[k] = defaults[k];
  }
  return { ...out, ...preset };
}

/** The parts of the engine a step needs (an interface so tests can pass a fake). */
export type StepEngine = Pick<EngineClient, 'set' | 'reset'>;

/**
 * Puts the lab into a step's state: engine.set (validated; a refused patch throws with
 * the schema's message and changes nothing), then engine.reset for a fresh run.
 */
export async function applyStepPreset(engine: StepEngine, preset: StepPreset, current: Settings): Promise<void> {
  await engine.set(stepPatch(preset, current));
  await engine.reset();
}
