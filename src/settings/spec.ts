import { z } from 'zod';

/** How a setting is edited in the controls. */
export type Control =
  | { kind: 'select'; options: readonly { value: string; label: string }[] }
  | { kind: 'number'; min: number; max: number; step: number; log?: boolean }
  | { kind: 'toggle' }
  | { kind: 'text'; placeholder: string };

/** One row of the settings table (see schema.ts). */
export interface SettingSpec<T> {
  label: string;
  help: string;
  schema: z.ZodType<T>;
  default: T;
  /** Changing it rebuilds the model (a new run); otherwise it applies live. */
  resets: boolean;
  /** 'train' settings go to the worker; 'view' settings stay on the main thread. */
  scope: 'train' | 'view';
  control: Control;
}

export const spec = <T>(s: SettingSpec<T>): SettingSpec<T> => s;

/** A whole number in [min, max] with messages that name the setting. */
export const intIn = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** A number in [min, max] with messages that name the setting. */
export const numberIn = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);
