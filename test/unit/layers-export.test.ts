import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/engine/build-model';
import { layersExport, type LayersExport } from '../../src/engine/layers-export';
import { exportWeights } from '../../src/engine/weights-io';
import { createRng } from '../../src/math/rng';
import { createAutoRec } from '../../src/models/autorec';
import { l2NormalizeRows } from '../../src/models/dense-layer';
import { createLinearRecommender } from '../../src/models/linear-recommender';
import type { Autoencoder } from '../../src/models/model';
import { multDaeFromSettings, multVaeFromSettings } from '../../src/models/recsys-from-settings';
import { exportZip, readArtifactFiles } from '../../src/runs/artifacts';
import { readSafetensors } from '../../src/data/safetensors';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { useTestBackend } from './tf-setup';

const D = 20;
const ROWS = 16;

/** Rows in [0, 1] (images) or 0/1 clicks with at least one per row. */
function data(kind: 'images' | 'clicks', seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  const v = Float32Array.from({ length: ROWS * D }, (_, i) => (kind === 'images' ? rng() : rng() < 0.3 || i % D === Math.floor(i / D) % D ? 1 : 0));
  return tf.tensor2d(v, [ROWS, D]);
}

/** A few Adam steps, so the weights are trained ones (biases off zero, kernels moved). */
function train(model: Autoencoder, x: tf.Tensor2D, steps = 5): void {
  const opt = tf.train.adam(0.02);
  const vars = Object.values(model.variables());
  for (let step = 0; step < steps; step++) tf.tidy(() => void opt.minimize(() => model.loss(x, step).total, false, vars));
  opt.dispose();
}

/** Loads one exported part as another page would: tf.loadLayersModel from its model.json and .bin bytes. */
async function load(files: Record<string, Uint8Array>, part: 'encoder' | 'decoder'): Promise<tf.LayersModel> {
  const json = JSON.parse(strFromU8(files[`${part}.json`]));
  expect(json.weightsManifest[0].paths).toEqual([`${part}.bin`]);
  const bin = files[json.weightsManifest[0].paths[0]];
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: bin.slice().buffer }));
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

interface Case {
  name: string;
  settings: Partial<Settings>;
  kind: 'images' | 'clicks';
  build: (s: Settings) => Promise<Autoencoder>;
  /** The Dense layers' [name, activation] in encoder then decoder order. */
  layers: [string, string][];
}

const images = (s: Settings) => buildModel(s, D);
const CASES: Case[] = [
  {
    name: 'plain autoencoder, one hidden layer, relu, untied',
    settings: { model: 'autoencoder', hiddenLayers: '8', activation: 'relu', latent: 4, tiedWeights: false },
    kind: 'images',
    build: images,
    layers: [
      ['encoder/layer0', 'relu'],
      ['code', 'relu'],
      ['decoder/layer0', 'relu'],
      ['decoder/out', 'sigmoid'],
    ],
  },
  {
    name: 'sparse autoencoder, sigmoid, tied',
    settings: { model: 'sparse', hiddenLayers: '', activation: 'sigmoid', latent: 5, tiedWeights: true },
    kind: 'images',
    build: images,
    layers: [
      ['encoder', 'sigmoid'],
      ['decoder', 'sigmoid'],
    ],
  },
  {
    name: 'denoising autoencoder, two hidden layers, tanh, tied',
    settings: { model: 'denoising', hiddenLayers: '10-6', activation: 'tanh', latent: 3, tiedWeights: true },
    kind: 'images',
    build: images,
    layers: [
      ['encoder/layer0', 'tanh'],
      ['encoder/layer1', 'tanh'],
      ['code', 'tanh'],
      ['decoder/layer0', 'tanh'],
      ['decoder/layer1', 'tanh'],
      ['decoder/out', 'sigmoid'],
    ],
  },
  {
    name: 'contractive autoencoder, sigmoid',
    settings: { model: 'contractive', hiddenLayers: '', activation: 'sigmoid', latent: 4, tiedWeights: false },
    kind: 'images',
    build: images,
    layers: [
      ['encoder', 'sigmoid'],
      ['decoder', 'sigmoid'],
    ],
  },
  {
    name: 'linear autoencoder (PCA), tied, with biases',
    settings: { model: 'linear', latent: 3, tiedWeights: true, bias: true },
    kind: 'images',
    build: images,
    layers: [
      ['encoder', 'linear'],
      ['decoder', 'linear'],
    ],
  },
  {
    name: 'VAE, relu, two hidden layers',
    settings: { model: 'vae', vaeHidden: 12, vaeHidden2: 8, vaeActivation: 'relu', latent: 2 },
    kind: 'images',
    build: images,
    layers: [
      ['encoder/layer0', 'relu'],
      ['encoder/layer1', 'relu'],
      ['encoder/mu', 'linear'],
      ['encoder/logvar', 'linear'],
      ['decoder/layer0', 'relu'],
      ['decoder/layer1', 'relu'],
      ['decoder/out', 'sigmoid'],
    ],
  },
  {
    name: 'Mult-DAE, one hidden layer',
    settings: { model: 'mult-dae', multHidden: 8, latent: 4 },
    kind: 'clicks',
    build: async (s) => multDaeFromSettings(s, D, 3),
    layers: [
      ['encoder/layer0', 'tanh'],
      ['encoder/layer1', 'tanh'],
      ['decoder/layer0', 'tanh'],
      ['decoder/layer1', 'linear'],
    ],
  },
  {
    name: 'Mult-VAE, one hidden layer',
    settings: { model: 'mult-vae', multHidden: 8, latent: 4 },
    kind: 'clicks',
    build: async (s) => multVaeFromSettings(s, D, 3, ROWS),
    layers: [
      ['encoder/layer0', 'tanh'],
      ['encoder/mu', 'linear'],
      ['encoder/logvar', 'linear'],
      ['decoder/layer0', 'tanh'],
      ['decoder/layer1', 'linear'],
    ],
  },
  {
    name: 'linear recommender',
    settings: { model: 'linear', latent: 4 },
    kind: 'clicks',
    build: async () => createLinearRecommender({ items: D, latent: 4, weightDecay: 0.001, seed: 3 }),
    layers: [
      ['encoder/layer0', 'linear'],
      ['decoder/layer0', 'linear'],
    ],
  },
  {
    name: 'I-AutoRec',
    settings: { model: 'i-autorec' },
    kind: 'images',
    build: async () => createAutoRec({ family: 'i-autorec', inputDim: D, hidden: 6, lambda: 1, rows: ROWS, masked: true, seed: 3 }),
    layers: [
      ['encoder', 'sigmoid'],
      ['decoder', 'linear'],
    ],
  },
];

/** Dense layers' [name, activation] from a saved topology, whichever its class. */
function denseLayers(topology: unknown): [string, string][] {
  const config = (topology as { config: { layers: { class_name: string; config: { name: string; activation: string } }[] } }).config;
  return config.layers.filter((l) => l.class_name === 'Dense').map((l) => [l.config.name, l.config.activation]);
}

describe('the export loads in TensorFlow.js (loadLayersModel) and as safetensors', () => {
  beforeAll(useTestBackend);

  for (const c of CASES) {
    it(`${c.name}: decoder(encoder(x)) of the loaded models matches the lab's reconstruct to 1e-5`, async () => {
      const settings = { ...defaultSettings(), ...c.settings } as Settings;
      const model = await c.build(settings);
      const x = data(c.kind, 7);
      train(model, x);
      const before = tf.memory().numTensors;
      const layers = await layersExport(model, settings);
      expect(tf.memory().numTensors).toBe(before); // the export's models and transposes are gone

      const weights = await exportWeights(model);
      const files = unzipSync(exportZip({ settings, step: 5, weights }, layers));
      expect(Object.keys(files).sort()).toEqual(['README.txt', 'decoder.bin', 'decoder.json', 'encoder.bin', 'encoder.json', 'model.safetensors']);
      const encJson = JSON.parse(strFromU8(files['encoder.json']));
      const decJson = JSON.parse(strFromU8(files['decoder.json']));
      expect([...denseLayers(encJson.modelTopology), ...denseLayers(decJson.modelTopology)]).toEqual(c.layers);

      // Weight names are the lab's; where the lab has the variable, the values are its values.
      const byName = new Map(weights.map((w) => [w.name, w]));
      for (const [json, bin] of [
        [encJson, files['encoder.bin']],
        [decJson, files['decoder.bin']],
      ] as const) {
        const floats = new Float32Array(bin.slice().buffer);
        let offset = 0;
        for (const spec of json.weightsManifest[0].weights as { name: string; shape: number[] }[]) {
          const size = spec.shape.reduce((a, b) => a * b, 1);
          const lab = byName.get(spec.name);
          if (lab) {
            expect(spec.shape).toEqual(lab.shape);
            expect(Array.from(floats.subarray(offset, offset + size))).toEqual(Array.from(lab.values));
          } else expect(settings.tiedWeights && spec.name.endsWith('/kernel')).toBe(true); // only a tied decoder's written-out kernel
          offset += size;
        }
        expect(offset * 4).toBe(bin.byteLength);
      }

      const encoder = await load(files, 'encoder');
      const decoder = await load(files, 'decoder');
      const probe = data(c.kind, 11);
      const [labCode, labRec, ours] = tf.tidy(() => {
        const input = layers.input === 'l2-normalized' ? l2NormalizeRows(probe) : probe;
        const out = encoder.predict(input) as tf.Tensor2D | tf.Tensor2D[];
        const code = Array.isArray(out) ? out[0] : out; // the VAE's: [μ, log σ²]; decode μ as the lab does
        return [model.encode(probe), model.reconstruct(probe), { code, rec: decoder.predict(code) as tf.Tensor2D, out }];
      });
      expect(labRec.shape).toEqual([ROWS, D]);
      expect(maxAbsDiff(ours.code, labCode)).toBeLessThan(1e-5);
      expect(maxAbsDiff(ours.rec, labRec)).toBeLessThan(1e-5);
      // Trained, not a zero map: the reconstructions differ from row to row.
      expect(tf.tidy(() => tf.moments(labRec, 0).variance.mean().dataSync()[0])).toBeGreaterThan(1e-6);
      if (Array.isArray(ours.out)) {
        const post = (model as unknown as { posterior: (x: tf.Tensor2D, ...rest: unknown[]) => { mu: tf.Tensor2D; logVar: tf.Tensor2D } }).posterior(probe, false, 0);
        expect(maxAbsDiff(ours.out[1], post.logVar)).toBeLessThan(1e-5);
        tf.dispose(post);
      }
      expect(layers.encoderOutputs).toBe(Array.isArray(ours.out) ? 'mu-logvar' : 'code');

      // model.safetensors holds exactly the lab's variables, and re-imports.
      const st = readSafetensors(files['model.safetensors']);
      expect(st.tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual(weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
      const back = readArtifactFiles([{ name: 'export.zip', bytes: exportZip({ settings, step: 5, weights }, layers) }]);
      expect(back.step).toBe(5);
      expect(back.settings).toEqual(settings);

      tf.dispose([x, probe, labCode, labRec, ours.code, ours.rec, ...(Array.isArray(ours.out) ? ours.out : [])]);
      encoder.dispose();
      decoder.dispose();
      model.dispose();
    });
  }

  it('says why a model that is no dense network has no Layers form, and the export still carries its weights', async () => {
    const fake: Autoencoder = { ...(await buildModel({ ...defaultSettings(), model: 'linear', latent: 2 }, D)), family: 'ease' };
    await expect(layersExport(fake, defaultSettings())).rejects.toThrow(/The ease model is not a dense encoder–decoder network.*model\.safetensors/);
    const weights = await exportWeights(fake);
    const files = unzipSync(exportZip({ settings: defaultSettings(), step: 0, weights }, null as LayersExport | null, 'not dense'));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'model.safetensors']);
    expect(strFromU8(files['README.txt'])).toContain('No TensorFlow.js Layers model: not dense');
    fake.dispose();
  });
});
