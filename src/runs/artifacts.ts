import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import type { LayersArtifacts, LayersExport } from '../engine/layers-export';
import type { ExportedVariable } from '../engine/protocol';
import type { Settings } from '../settings/schema';
import { readSafetensors, writeSafetensors } from '../data/safetensors';

/*
 * The model export, one zip:
 *   encoder.json + encoder.bin   a TensorFlow.js Layers model: tf.loadLayersModel reads it
 *   decoder.json + decoder.bin   the same for the decoder (dense networks only; layers-export.ts)
 *   model.safetensors            every variable of the lab's model by its lab name, float32, with the
 *                                settings and step in __metadata__: Python reads it, the lab re-imports it
 *   README.txt                   what each file is and how to load it
 * Exports before this layout held model.json (modelTopology null, the settings in userDefinedMetadata)
 * and weights.bin; the lab still imports them.
 */

/** A trained model as the lab keeps it: its settings, its step and every variable. */
export interface ModelArtifacts {
  settings: Settings;
  step: number;
  weights: ExportedVariable[];
}

const LAB = 'autoencoder-lab';

// ---- The older layout: model.json (modelTopology null) + weights.bin ----

const manifestSchema = z.object({
  format: z.literal(LAB),
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

/** The older export layout (model.json with modelTopology null + weights.bin); kept so tests can make one. */
export function toArtifacts(a: ModelArtifacts): { modelJson: string; weightsBin: Uint8Array } {
  const total = a.weights.reduce((n, w) => n + w.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const w of a.weights) {
    data.set(w.values, offset);
    offset += w.values.length;
  }
  const modelJson = {
    format: LAB,
    generatedBy: 'Autoencoder Lab',
    convertedBy: null,
    modelTopology: null,
    userDefinedMetadata: { settings: a.settings, step: a.step },
    weightsManifest: [{ paths: ['weights.bin'], weights: a.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }],
  };
  return { modelJson: JSON.stringify(modelJson, null, 2), weightsBin: new Uint8Array(data.buffer) };
}

/** Reads the older layout. */
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

// ---- The current layout ----

/** model.safetensors: the lab's variables, the settings (JSON) and step in __metadata__ (string values, as the format asks). */
export function toSafetensors(a: ModelArtifacts): Uint8Array {
  return writeSafetensors(a.weights, { format: LAB, settings: JSON.stringify(a.settings), step: String(a.step) });
}

export function fromSafetensors(bytes: Uint8Array): ModelArtifacts {
  const { tensors, metadata } = readSafetensors(bytes);
  if (metadata.format !== LAB || !metadata.settings)
    throw new Error('This safetensors file has no Autoencoder Lab settings in its __metadata__, so the lab cannot rebuild the model.');
  let settings: unknown;
  try {
    settings = JSON.parse(metadata.settings);
  } catch {
    throw new Error('The settings in the safetensors __metadata__ are not valid JSON.');
  }
  const step = Number(metadata.step ?? 0);
  if (typeof settings !== 'object' || settings === null || !Number.isInteger(step) || step < 0) throw new Error('The safetensors __metadata__ has malformed settings or step.');
  return { settings: settings as Settings, step, weights: tensors };
}

/** One Layers model's model.json (the layout tf.io.browserDownloads writes), its weights in `binName`. */
export function layersModelJson(part: LayersArtifacts, binName: string, metadata: Record<string, unknown>): string {
  return JSON.stringify({
    format: part.format,
    generatedBy: part.generatedBy,
    convertedBy: part.convertedBy,
    modelTopology: part.modelTopology,
    weightsManifest: [{ paths: [binName], weights: part.weightSpecs }],
    userDefinedMetadata: metadata,
  });
}

const INPUT_NOTE: Record<LayersExport['input'], string> = {
  x: 'The encoder takes the rows as the lab does (images: pixels in [0, 1], row by row).',
  'l2-normalized': 'The encoder takes each row divided by its L2 norm, x / max(|x|_2, 1e-12), as the lab feeds it; TensorFlow.js Layers has no such layer, so normalise first.',
};

const OUTPUT_NOTE: Record<LayersExport['decoderOutput'], string> = {
  sigmoid: 'The decoder gives pixel means in [0, 1] (its last layer is sigmoid).',
  logits: 'The decoder gives one score (logit) per item; softmax over items gives the click probabilities.',
  linear: 'The decoder gives the reconstruction itself (linear output).',
};

function readme(a: ModelArtifacts, layers: LayersExport | null, note: string | null): string {
  const lines = [`Autoencoder Lab export: ${a.settings.model} on ${a.settings.dataset}, step ${a.step}.`, ''];
  if (layers) {
    lines.push(
      'encoder.json + encoder.bin, decoder.json + decoder.bin: TensorFlow.js Layers models.',
      "  const encoder = await tf.loadLayersModel('encoder.json');  // (browser: tf.io.browserFiles([json, bin]))",
      layers.encoderOutputs === 'mu-logvar' ? '  The encoder has two outputs, [mu, log sigma^2]; decode z = mu (or a sample mu + sigma * eps).' : '  The encoder gives the code.',
      `  ${INPUT_NOTE[layers.input]}`,
      `  ${OUTPUT_NOTE[layers.decoderOutput]}`,
      '',
    );
  } else if (note) lines.push(`No TensorFlow.js Layers model: ${note}`, '');
  lines.push(
    "model.safetensors: every variable by the lab's name ('encoder/layer0/kernel', ...), float32. Kernels are [in, out]:",
    '  a layer computes x @ W + b on row vectors. Tied decoders have no kernels of their own (W_dec = W_enc transposed).',
    '  The settings (JSON) and step are in its __metadata__. Python:',
    '    from safetensors.numpy import load_file',
    "    w = load_file('model.safetensors')",
    '    print({k: v.shape for k, v in w.items()})',
    '  The lab re-imports this zip, or model.safetensors alone, with the Import button.',
  );
  return lines.join('\n') + '\n';
}

/** The export's files by name. `layers` null (a model that is no dense network): the safetensors file only, and `note` says why. */
export function exportFiles(a: ModelArtifacts, layers: LayersExport | null, note: string | null = null): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  if (layers) {
    const meta = (part: 'encoder' | 'decoder') => ({
      autoencoderLab: {
        part,
        model: a.settings.model,
        dataset: a.settings.dataset,
        step: a.step,
        input: layers.input,
        encoderOutputs: layers.encoderOutputs,
        decoderOutput: layers.decoderOutput,
      },
    });
    for (const part of ['encoder', 'decoder'] as const) {
      files[`${part}.json`] = strToU8(layersModelJson(layers[part], `${part}.bin`, meta(part)));
      files[`${part}.bin`] = new Uint8Array(layers[part].weightData);
    }
  }
  files['model.safetensors'] = toSafetensors(a);
  files['README.txt'] = strToU8(readme(a, layers, note));
  return files;
}

/** The export as one zip, for a single download. */
export function exportZip(a: ModelArtifacts, layers: LayersExport | null, note: string | null = null): Uint8Array {
  return zipSync(exportFiles(a, layers, note));
}

/**
 * Reads what the lab exported: the zip, model.safetensors alone, or an older export (its zip, or
 * model.json + weights.bin). encoder/decoder files are for other tools and are not read back.
 */
export function readArtifactFiles(files: { name: string; bytes: Uint8Array }[]): ModelArtifacts {
  const byName = new Map<string, Uint8Array>();
  const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b; // "PK"
  const base = (path: string) => path.split('/').pop() ?? path;
  for (const f of files) {
    if (isZip(f.bytes)) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.bytes);
      } catch {
        throw new Error(`${f.name} is not a readable zip file.`);
      }
      for (const [name, bytes] of Object.entries(entries)) byName.set(base(name), bytes);
    } else byName.set(base(f.name), f.bytes);
  }
  const names = [...byName.keys()];
  const safetensors = names.find((n) => n.endsWith('.safetensors'));
  if (safetensors) return fromSafetensors(byName.get(safetensors)!);
  const isLayersPart = (n: string) => /^(encoder|decoder)\.(json|bin)$/.test(n);
  const json = names.find((n) => n.endsWith('.json') && !isLayersPart(n));
  const bin = names.find((n) => n.endsWith('.bin') && !isLayersPart(n));
  if (json && bin) return fromArtifacts(strFromU8(byName.get(json)!), byName.get(bin)!);
  if (names.some(isLayersPart)) throw new Error('encoder.json and decoder.json are for TensorFlow.js; to re-import, open the zip the lab exported, or its model.safetensors.');
  throw new Error('A model needs model.safetensors (or model.json and weights.bin from an older export), or the zip the lab exports.');
}
