import type { Diagnostic } from '../models/model';

/** A snapshot's model diagnostics (see Autoencoder.diagnostics); absent before the first snapshot. */
export type Diagnostics = Record<string, Diagnostic> | undefined;

/** A diagnostic as a Float32Array (arrays survive structured cloning either way), or null. */
export function floatsOf(d: Diagnostics, name: string): Float32Array | null {
  const v = d?.[name];
  return v instanceof Float32Array ? v : Array.isArray(v) ? Float32Array.from(v) : null;
}

/** A scalar diagnostic, or null. */
export function numberOf(d: Diagnostics, name: string): number | null {
  const v = d?.[name];
  return typeof v === 'number' ? v : null;
}
