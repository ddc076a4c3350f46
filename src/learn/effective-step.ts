import type { Chapter, Step, StepPreset } from './types';

/** A step as the lab runs it: its own preset, or the one it inherits from an earlier step. */
export interface EffectiveStep {
  step: Step;
  preset: StepPreset | undefined;
  /** True when the preset is the step's own; false when inherited (or absent). */
  own: boolean;
}

/**
 * A step without a preset continues the scenario of the last earlier step that has one,
 * so a deep link to it still opens the right model.
 */
export function effectiveStep(chapter: Chapter, index: number): EffectiveStep {
  const step = chapter.steps[index];
  if (step.preset) return { step, preset: step.preset, own: true };
  for (let i = index - 1; i >= 0; i--) {
    const earlier = chapter.steps[i];
    if (earlier.preset) return { step: { ...step, preset: earlier.preset }, preset: earlier.preset, own: false };
  }
  return { step, preset: undefined, own: false };
}

/** Whether the lab already has every value the preset sets (then an inherited preset is not re-applied). */
export function presetHolds(preset: StepPreset, settings: Record<string, unknown>): boolean {
  return Object.entries(preset).every(([k, v]) => settings[k] === v);
}
