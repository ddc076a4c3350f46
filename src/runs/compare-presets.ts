import { presetSettings } from '../settings/presets';
import type { Settings } from '../settings/schema';

/** One arm of a comparison: a label for the legend and the settings it changes from the defaults. */
export interface ComparisonConfig {
  label: string;
  settings: Record<string, unknown>;
}

/** Two or more configurations trained on the same data and seed for the same number of steps. */
export interface Comparison {
  id: string;
  title: string;
  /** Prefixed to the saved runs' names: "<short>: <label>". */
  short: string;
  description: string;
  steps: number;
  configs: ComparisonConfig[];
}

/** D → 1,024 → D: more code units than an MNIST digit has pixels, so copying the input is possible. */
const OVERCOMPLETE = { latent: 1024, hiddenLayers: '', activation: 'sigmoid', lossKind: 'cross-entropy' } as const;
const UNDERCOMPLETE = { latent: 196, hiddenLayers: '', activation: 'sigmoid', lossKind: 'cross-entropy' } as const;

export const COMPARISONS: Comparison[] = [
  {
    id: 'identity-trap',
    title: 'Identity trap vs sparse vs denoising',
    short: 'Identity trap',
    description:
      'Three overcomplete sigmoid autoencoders (1,024 code units, more than the pixels of an MNIST digit). The plain one can drift toward copying its input; a KL sparsity target (ρ = 0.05) or masking half the pixels makes its units learn strokes. Compare the weight rows, and draw on the pad.',
    steps: 400,
    configs: [
      { label: 'plain, K = 1024', settings: { model: 'autoencoder', ...OVERCOMPLETE } },
      // β_s = 1: the penalty sums over 1,024 units, so this already pulls the mean activation to ≈ 0.06.
      { label: 'sparse, KL ρ = 0.05, β = 1', settings: { model: 'sparse', ...OVERCOMPLETE, sparsityKind: 'kl', sparsityTarget: 0.05, sparsityWeight: 1 } },
      { label: 'denoising, masking ν = 0.5', settings: { model: 'denoising', ...OVERCOMPLETE, noiseKind: 'masking', noiseLevel: 0.5 } },
    ],
  },
  {
    id: 'contractive-vs-plain',
    title: 'Plain vs contractive',
    short: 'Contraction',
    description:
      'Two sigmoid autoencoders with 196 code units, one with the contractive penalty λ ‖J_f(x)‖²_F (λ = 0.1). The Jacobian panel overlays both runs: the penalised encoder ends far less sensitive at a small cost in reconstruction.',
    steps: 400,
    configs: [
      { label: 'plain, K = 196', settings: { model: 'autoencoder', ...UNDERCOMPLETE } },
      { label: 'contractive, λ = 0.1', settings: { model: 'contractive', ...UNDERCOMPLETE, contractionWeight: 0.1 } },
    ],
  },
  {
    id: 'sparsity-strength',
    title: 'How much sparsity? β_s = 0, 1, 3, 10',
    short: 'Sparsity',
    description: 'The same KL-sparse autoencoder (K = 196, ρ = 0.05) at four penalty weights: the mean activation falls toward ρ and reconstruction gets worse as β_s grows.',
    steps: 400,
    configs: [0, 1, 3, 10].map((w) => ({
      label: `β_s = ${w}`,
      settings: { model: 'sparse', ...UNDERCOMPLETE, sparsityKind: 'kl', sparsityTarget: 0.05, sparsityWeight: w },
    })),
  },
];

/** Image datasets the comparisons may keep (they are all image models). */
const IMAGE_DATASETS: readonly string[] = ['mnist', 'dropped'];

/**
 * The settings patch for one arm: training settings back to their defaults, the arm's own
 * values, and the shared seed. The backend, the view settings and the image data in use
 * (MNIST or dropped files, 10k or full) stay as they are, so every arm sees the same digits.
 */
export function comparisonPatch(config: ComparisonConfig, current: Settings, seed: number): Record<string, unknown> {
  const model = String(config.settings.model ?? current.model);
  const patch = presetSettings({ id: config.label, title: config.label, description: '', model, settings: config.settings }, current);
  const data = IMAGE_DATASETS.includes(current.dataset) ? { dataset: current.dataset, dataSize: current.dataSize } : {};
  return { ...patch, ...data, seed };
}
