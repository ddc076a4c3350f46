import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import type { ExportedVariable } from '../engine/protocol';
import type { Settings } from '../settings/schema';

/**
 * A trained model in TensorFlow.js's own artifact layout: model.json (with a
 * weightsManifest of names, shapes and dtypes) beside a little-endian float32
 * weights.bin. The lab's settings ride in model.json's userDefinedMetadata so the
 * same architecture can be rebuilt before the weights are loaded back.
 */
export interface ModelArtifacts {
  settings: Settings;
  step: number;
  weights: ExportedVariable[];
}

const manifestSchema = z.object({
  format: z.literal('autoencoder-lab'),
  generatedBy: z.string(),
  userDefinedMetadata: z.object({ settings: z.record(z.string(), z.unknown()), step: z.number().int().min(0) }),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()).length(1),
        weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') })),
      }),
    )
    .length(1),
});

export function toArtifacts(a: ModelArtifacts): { modelJson: string; weightsBin: Uint8Array } {
  const total = a.weights.reduce((n, w) => n + w.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const w of a.weights) {
    data.set(w.values, offset);
    offset += w.values.length;
  }
  const modelJson = {
    format: 'autoencoder-lab',
    generatedBy: 'Autoencoder Lab',
    convertedBy: null,
    modelTopology: null,
    userDefinedMetadata: { settings: a.settings, step: a.step },
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }],
  };
  return { modelJson: JSON.stringify(modelJson, null, 2), weightsBin: new Uint8Array(data.buffer) };
}

export function fromArtifacts(modelJson: string, weightsBin: Uint8Array): ModelArtifacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(modelJson);
  } catch {
    throw new Error('model.json is not valid JSON.');
  }
  const m = manifestSchema.safeParse(parsed);
  if (!m.success) throw new Error(`model.json is not an Autoencoder Lab model (${m.error.issues[0]?.path.join('.')}: ${m.error.issues[0]?.message}).`);
  const specs = m.data.weightsManifest[0].weights;
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const needed = sizes.reduce((a, b) => a + b, 0) * 4;
  if (weightsBin.byteLength !== needed) throw new Error(`weights.bin has ${weightsBin.byteLength} bytes; model.json describes ${needed}.`);
  const floats = new Float32Array(weightsBin.slice().buffer);
  let offset = 0;
  const weights = specs.map((s, i) => {
    const values = floats.slice(offset, offset + sizes[i]);
    offset += sizes[i];
    return { name: s.name, shape: s.shape, values };
  });
  return { settings: m.data.userDefinedMetadata.settings as Settings, step: m.data.userDefinedMetadata.step, weights };
}

/** model.json and weights.bin in one zip, for a single download. */
export function artifactsZip(a: ModelArtifacts): Uint8Array {
  const { modelJson, weightsBin } = toArtifacts(a);
  return zipSync({ 'model.json': strToU8(modelJson), 'weights.bin': weightsBin });
}

/** Reads a zip with model.json + weights.bin, or the two files given separately. */
export function readArtifactFiles(files: { name: string; bytes: Uint8Array }[]): ModelArtifacts {
  let json: Uint8Array | undefined;
  let bin: Uint8Array | undefined;
  const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b; // "PK"
  for (const f of files) {
    if (isZip(f.bytes)) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.bytes);
      } catch {
        throw new Error(`${f.name} is not a readable zip file.`);
      }
      for (const [name, bytes] of Object.entries(entries)) {
        if (name.endsWith('model.json')) json = bytes;
        if (name.endsWith('.bin')) bin = bytes;
      }
    } else if (f.name.endsWith('.json')) json = f.bytes;
    else if (f.name.endsWith('.bin')) bin = f.bytes;
  }
  if (!json || !bin) throw new Error('A model needs model.json and weights.bin (or the zip the lab exports).');
  return fromArtifacts(strFromU8(json), bin);
}
