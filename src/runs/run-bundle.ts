import { z } from 'zod';
import type { RunRecord } from '../state/run-record';

/** A run as one JSON file: weights as base64 float32, so it opens in another lab. */
const FORMAT = 'autoencoder-lab-run';

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Float32Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

const bundleSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  run: z.object({
    name: z.string(),
    createdAt: z.number(),
    settings: z.record(z.string(), z.unknown()),
    history: z.record(z.string(), z.array(z.object({ step: z.number(), value: z.number() }))),
    step: z.number().int().min(0),
    weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), base64: z.string() })).nullable(),
  }),
});

export function runToBundle(run: RunRecord): string {
  const { id: _id, updatedAt: _u, pinned: _p, weights, ...rest } = run;
  return JSON.stringify({
    format: FORMAT,
    version: 1,
    run: { ...rest, weights: weights?.map((w) => ({ name: w.name, shape: w.shape, base64: toBase64(w.values) })) ?? null },
  });
}

export function runFromBundle(text: string): Omit<RunRecord, 'id' | 'updatedAt' | 'pinned'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('The file is not JSON, so it is not a run bundle.');
  }
  const b = bundleSchema.safeParse(parsed);
  if (!b.success) throw new Error(`The file is not an Autoencoder Lab run (${b.error.issues[0]?.path.join('.')}: ${b.error.issues[0]?.message}).`);
  const r = b.data.run;
  return {
    name: r.name,
    createdAt: r.createdAt,
    settings: r.settings as RunRecord['settings'],
    history: r.history,
    step: r.step,
    weights: r.weights?.map((w) => ({ name: w.name, shape: w.shape, values: fromBase64(w.base64) })) ?? null,
  };
}
