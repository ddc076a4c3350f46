import type { Diagnostics } from '../families';

/** The diagnostics whose values are of type T (checked against every family's diagnostics type). */
type KeysOf<T> = { [K in keyof Diagnostics]-?: NonNullable<Diagnostics[K]> extends T ? K : never }[keyof Diagnostics];

/** An array diagnostic of the current snapshot, or null (before the first snapshot, or another family's). */
export function floatsOf(d: Diagnostics | undefined, name: KeysOf<Float32Array>): Float32Array | null {
  const v = d?.[name];
  return v instanceof Float32Array ? v : null;
}

/** A scalar diagnostic, or null. */
export function numberOf(d: Diagnostics | undefined, name: KeysOf<number>): number | null {
  const v = d?.[name];
  return typeof v === 'number' ? v : null;
}
