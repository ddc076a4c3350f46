import { z } from 'zod';
import { DATASETS, DATASET_IDS, type DatasetId } from '../families/datasets';
import { families, isModelName, modelNames, type ModelName } from '../families';
import { intIn, spec } from './spec';
import { KNN_SETTINGS } from './knn-settings';
import { LIKELIHOOD_SETTINGS } from './likelihood-settings';
import { REGULARIZER_SETTINGS } from './regularizer-settings';
import { RATINGS_SETTINGS } from './ratings-settings';
import { RECSYS_SETTINGS } from './recsys-settings';
import { VAE_SETTINGS } from './vae-settings';

export const BACKENDS = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;

/** The model row's enum and options come from the family registry, read when used (a test may register a fixture family). */
const modelSchema = z.custom<ModelName>(isModelName, { error: () => `model must be one of: ${modelNames().join(', ')}` });
/** One label for a name with a family per task: 'Linear (PCA)' and 'Linear (AMF)' → 'Linear (PCA / AMF)'. */
function jointLabel(labels: string[]): string {
  const parts = labels.map((l) => /^(.*) \((.*)\)$/.exec(l));
  const base = parts[0]?.[1];
  return parts.every((p) => p && p[1] === base) ? `${base} (${parts.map((p) => p![2]).join(' / ')})` : labels.join(' / ');
}

const modelControl = {
  kind: 'select' as const,
  get options() {
    // One option per name: a name with a family per task kind shows both labels.
    return modelNames().map((name) => ({
      value: name,
      label: jointLabel(
        families()
          .filter((f) => f.name === name)
          .map((f) => f.label),
      ),
    }));
  },
};

/**
 * The table of settings but the model row: the families (src/families/) name these rows by
 * key, and the model row is built from the family registry below, so families and settings
 * refer to each other without a circle in the types.
 */
const ROWS = {
  dataset: spec<DatasetId>({
    label: 'Dataset',
    help: 'MNIST ships with the lab; drop MNIST-format files (Fashion-MNIST, KMNIST…) to add "dropped".',
    schema: z.enum(DATASET_IDS, { error: `dataset must be one of: ${DATASET_IDS.join(', ')}` }),
    default: 'mnist',
    resets: true,
    scope: 'train',
    control: { kind: 'select', options: DATASETS.map((d) => ({ value: d.id, label: d.label })) },
  }),
  dataSize: spec<'10k' | 'full'>({
    label: 'Training set',
    help: '10k: the first 10,000 training digits split 8,000/2,000 with the seed (fast). Full: 60,000/10,000.',
    schema: z.enum(['10k', 'full'], { error: 'dataSize must be "10k" or "full"' }),
    default: '10k',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: '10k', label: '10k subset' },
        { value: 'full', label: 'Full 60k' },
      ],
    },
  }),
  latent: spec<number>({
    label: 'Code size K',
    help: 'Number of hidden (code) units.',
    schema: intIn('latent', 1, 1024),
    default: 16,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 1024, step: 1 },
  }),
  ...REGULARIZER_SETTINGS,
  ...VAE_SETTINGS,
  ...RECSYS_SETTINGS,
  ...LIKELIHOOD_SETTINGS,
  ...KNN_SETTINGS,
  ...RATINGS_SETTINGS,
  tiedWeights: spec<boolean>({
    label: 'Tied weights',
    help: 'Decoder uses the transpose of the encoder (W_d = W_eᵀ).',
    schema: z.boolean({ error: 'tiedWeights must be true or false' }),
    default: false,
    resets: true,
    scope: 'train',
    control: { kind: 'toggle' },
  }),
  bias: spec<boolean>({
    label: 'Biases',
    help: 'Encoder and decoder biases (the decoder bias learns the mean image).',
    schema: z.boolean({ error: 'bias must be true or false' }),
    default: true,
    resets: true,
    scope: 'train',
    control: { kind: 'toggle' },
  }),
  optimizer: spec<'adam' | 'sgd'>({
    label: 'Optimizer',
    help: 'Adam adapts step sizes per weight; SGD is plain gradient descent.',
    schema: z.enum(['adam', 'sgd'], { error: 'optimizer must be "adam" or "sgd"' }),
    default: 'adam',
    resets: false,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'adam', label: 'Adam' },
        { value: 'sgd', label: 'SGD' },
      ],
    },
  }),
  learningRate: spec<number>({
    label: 'Learning rate',
    help: 'Step size; applies live.',
    schema: z.number({ error: 'learningRate must be a number' }).gt(0, 'learningRate must be above 0').max(10, 'learningRate must be at most 10'),
    default: 0.003,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 1e-5, max: 1, step: 0.0001, log: true },
  }),
  batchSize: spec<number>({
    label: 'Batch size',
    help: 'Examples per training step; applies live.',
    schema: intIn('batchSize', 1, 2048),
    default: 64,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 2048, step: 1 },
  }),
  seed: spec<number>({
    label: 'Seed',
    help: 'Seeds the weights, the data split and the batch order: the same seed reproduces the run.',
    schema: intIn('seed', 0, 2 ** 31 - 1),
    default: 1,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 2 ** 31 - 1, step: 1 },
  }),
  backend: spec<(typeof BACKENDS)[number]>({
    label: 'Backend',
    help: 'auto: WebGPU on a real GPU, else WASM, then WebGL, then CPU.',
    schema: z.enum(BACKENDS, { error: `backend must be one of: ${BACKENDS.join(', ')}` }),
    default: 'auto',
    resets: true,
    scope: 'train',
    control: { kind: 'select', options: BACKENDS.map((b) => ({ value: b, label: b === 'auto' ? 'auto' : b.toUpperCase() })) },
  }),
  logScale: spec<boolean>({
    label: 'Log-scale loss',
    help: 'Plot the loss on a logarithmic axis.',
    schema: z.boolean({ error: 'logScale must be true or false' }),
    default: true,
    resets: false,
    scope: 'view',
    control: { kind: 'toggle' },
  }),
  present: spec<boolean>({
    label: 'Presentation mode',
    help: 'Large type and high contrast for a projector.',
    schema: z.boolean({ error: 'present must be true or false' }),
    default: false,
    resets: false,
    scope: 'view',
    control: { kind: 'toggle' },
  }),
  controls: spec<'shown' | 'hidden'>({
    label: 'Settings panel',
    help: 'Hidden: a simplified lab with only play, pause, step and reset (share the link with a class).',
    schema: z.enum(['shown', 'hidden'], { error: 'controls must be "shown" or "hidden"' }),
    default: 'shown',
    resets: false,
    scope: 'view',
    control: {
      kind: 'select',
      options: [
        { value: 'shown', label: 'Shown' },
        { value: 'hidden', label: 'Hidden' },
      ],
    },
  }),
  hiddenPanels: spec<string>({
    label: 'Hidden panels',
    help: 'Panels left out of the lab, by name, comma-separated (each panel’s × button adds its own). A link carries them, so a lecturer can hand out a lab with only the panels of the day.',
    schema: z
      .string({ error: 'hiddenPanels must be text' })
      .max(400, 'hiddenPanels is too long')
      .regex(/^([a-z0-9-]+(,[a-z0-9-]+)*)?$/, 'hiddenPanels must be panel names separated by commas, such as "weights,reconstructions"'),
    default: '',
    resets: false,
    scope: 'view',
    control: { kind: 'text', placeholder: 'e.g. weights,reconstructions' },
  }),
  tileScale: spec<'shared' | 'per-tile'>({
    label: 'Tile colour scale',
    help: 'Shared: one scale for all tiles (compare magnitudes). Per tile: each tile uses its own range (see shapes).',
    schema: z.enum(['shared', 'per-tile'], { error: 'tileScale must be "shared" or "per-tile"' }),
    default: 'per-tile',
    resets: false,
    scope: 'view',
    control: {
      kind: 'select',
      options: [
        { value: 'per-tile', label: 'Per tile' },
        { value: 'shared', label: 'Shared' },
      ],
    },
  }),
};

/** Every setting's key but 'model' (what a family's rows and live keys are typed from). */
export type RowKey = keyof typeof ROWS;
/** The settings a family's build and setLive read: every value but the model's name. */
export type RowSettings = { [K in RowKey]: (typeof ROWS)[K]['default'] };

const { dataset, dataSize, ...rest } = ROWS;

/**
 * The one table of settings. Controls, the URL hash, validation, window.lab.set and
 * walkthrough presets all read it. `resets`: changing it rebuilds the model (a new run);
 * otherwise it applies live. `scope`: 'train' settings go to the worker, 'view' stay here.
 */
export const SETTINGS = {
  dataset,
  dataSize,
  model: spec<ModelName>({
    label: 'Model',
    help: 'Linear: learns the PCA subspace. Sparse, denoising and contractive add a regularizer; VAE is generative.',
    schema: modelSchema,
    default: 'linear',
    resets: true,
    scope: 'train',
    control: modelControl,
  }),
  ...rest,
};

export type SettingKey = keyof typeof SETTINGS;
export type Settings = RowSettings & { model: ModelName };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function defaultSettings(): Settings {
  const out = {} as Record<SettingKey, unknown>;
  for (const k of SETTING_KEYS) out[k] = SETTINGS[k].default;
  return out as Settings;
}

export const TRAIN_KEYS = SETTING_KEYS.filter((k) => SETTINGS[k].scope === 'train');
