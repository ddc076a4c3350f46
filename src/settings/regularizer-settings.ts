// Settings of the nonlinear autoencoders (plain, sparse, denoising, contractive).
// Spread into SETTINGS in schema.ts; each family (src/families/) lists the rows it shows.
// The option lists mirror models/activations.ts, sparsity.ts and corruption.ts (which import
// tfjs and so stay out of the main thread's settings); a unit test checks they agree.
import { z } from 'zod';
import { numberIn, spec } from './spec';

/** Largest width of one hidden layer, and most hidden layers, that hiddenLayers accepts. */
export const MAX_HIDDEN_WIDTH = 1024;
export const MAX_HIDDEN_LAYERS = 4;

/** '' (no hidden layer), or widths joined by '-' or ',': '256', '256-64', '512,128'. */
const HIDDEN_PATTERN = /^$|^\d+(?:[-,]\d+)*$/;

/** The hidden widths a hiddenLayers text stands for, input side first ('' → []). Assumes it validated. */
export function parseHiddenLayers(text: string): number[] {
  return text === '' ? [] : text.split(/[-,]/).map(Number);
}

const hiddenLayersSchema = z.preprocess(
  // A lone width may arrive as a number (window.lab.set({ hiddenLayers: 256 })).
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'hiddenLayers must be text such as "256" or "256-64" ("" for none)' })
    .regex(HIDDEN_PATTERN, 'hiddenLayers must be whole-number widths joined by "-", such as "256" or "256-64" ("" for none)')
    .refine((t) => parseHiddenLayers(t).length <= MAX_HIDDEN_LAYERS, `hiddenLayers may list at most ${MAX_HIDDEN_LAYERS} layers`)
    .refine((t) => parseHiddenLayers(t).every((w) => w >= 1 && w <= MAX_HIDDEN_WIDTH), `each hidden layer in hiddenLayers must have from 1 to ${MAX_HIDDEN_WIDTH} units`),
) as unknown as z.ZodType<string>;

/** A regularizer weight: 0 turns it off; the control's log slider spans 0.001 … 10. */
const weightControl = { kind: 'number', min: 0.001, max: 10, step: 0.001, log: true } as const;

export const REGULARIZER_SETTINGS = {
  hiddenLayers: spec<string>({
    label: 'Hidden layers',
    help: 'Widths of the encoder layers before the code, input side first, joined by "-": "" is none (D → K → D, D the pixels per image), "256-64" is D → 256 → 64 → K; the decoder mirrors them. 1 to 1024 units each, at most 4 layers (a comma also works). The weight panel shows the first layer.',
    schema: hiddenLayersSchema,
    default: '',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: '', label: 'none' },
        { value: '64', label: '64' },
        { value: '256', label: '256' },
        { value: '512', label: '512' },
        { value: '256-64', label: '256 → 64' },
        { value: '512-128', label: '512 → 128' },
        { value: '1000-500-250', label: '1000 → 500 → 250' },
      ],
    },
  }),
  activation: spec<'sigmoid' | 'relu' | 'tanh'>({
    label: 'Activation',
    help: 'Non-linearity of the hidden and code units (the output is always sigmoid). Sigmoid codes lie in (0, 1), which KL sparsity needs.',
    schema: z.enum(['sigmoid', 'relu', 'tanh'], { error: 'activation must be "sigmoid", "relu" or "tanh"' }),
    default: 'sigmoid',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'sigmoid', label: 'sigmoid' },
        { value: 'relu', label: 'ReLU' },
        { value: 'tanh', label: 'tanh' },
      ],
    },
  }),
  lossKind: spec<'squared' | 'cross-entropy'>({
    label: 'Reconstruction loss',
    help: 'Cross-entropy: Σ −[x log x̂ + (1−x) log(1−x̂)] per image (the classic choice for pixels in [0, 1]). Squared: Σ (x̂ − x)², comparable with PCA.',
    schema: z.enum(['squared', 'cross-entropy'], { error: 'lossKind must be "squared" or "cross-entropy"' }),
    default: 'cross-entropy',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'cross-entropy', label: 'Cross-entropy' },
        { value: 'squared', label: 'Squared error' },
      ],
    },
  }),
  sparsityKind: spec<'l1' | 'kl'>({
    label: 'Sparsity penalty',
    help: 'KL: β_s Σ_k KL(ρ ‖ ρ̂_k), each unit’s mean activation ρ̂_k pulled to the target ρ (sigmoid codes only). L1: λ Σ_k |h_k| per input. Applies live.',
    schema: z.enum(['l1', 'kl'], { error: 'sparsityKind must be "l1" or "kl"' }),
    default: 'kl',
    resets: false,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'kl', label: 'KL to target ρ' },
        { value: 'l1', label: 'L1 on the code' },
      ],
    },
  }),
  sparsityWeight: spec<number>({
    label: 'Sparsity weight λ',
    help: 'Weight of the sparsity penalty (0 turns it off). It is summed over the K units, so larger K needs less. KL: β_s ≈ 1 (K = 196: mean activation 0.48 → 0.12 in 400 steps; 3 gives 0.08 at a clear cost in reconstruction). L1: λ ≈ 0.1 for ReLU codes; sigmoid codes need λ ≈ 0.5 before it bites. Applies live.',
    schema: numberIn('sparsityWeight', 0, 10),
    default: 1,
    resets: false,
    scope: 'train',
    control: weightControl,
  }),
  sparsityTarget: spec<number>({
    label: 'Target activation ρ',
    help: 'KL sparsity: the mean activation each unit should have over the data, strictly between 0 and 1 (0.05: each unit fires for about 1 input in 20). Applies live.',
    schema: z.number({ error: 'sparsityTarget must be a number' }).gt(0, 'sparsityTarget ρ must be above 0').lt(1, 'sparsityTarget ρ must be below 1'),
    default: 0.05,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0.001, max: 0.999, step: 0.01 },
  }),
  noiseKind: spec<'masking' | 'gaussian' | 'salt-and-pepper'>({
    label: 'Corruption',
    help: 'How training inputs are corrupted before encoding (the loss still compares with the clean digit). Masking: zero a fraction ν of pixels. Salt-and-pepper: set them to 0 or 1. Gaussian: add N(0, σ²). Applies live.',
    schema: z.enum(['masking', 'gaussian', 'salt-and-pepper'], { error: 'noiseKind must be "masking", "gaussian" or "salt-and-pepper"' }),
    default: 'masking',
    resets: false,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'masking', label: 'Masking' },
        { value: 'salt-and-pepper', label: 'Salt and pepper' },
        { value: 'gaussian', label: 'Gaussian' },
      ],
    },
  }),
  noiseLevel: spec<number>({
    label: 'Corruption level ν / σ',
    help: 'Masking and salt-and-pepper: the fraction ν of pixels hit, 0 to 1. Gaussian: the noise σ; the model accepts σ up to 10, but the lab keeps 0 to 1 (past 1 the digit is gone). Applies live.',
    schema: numberIn('noiseLevel', 0, 1),
    default: 0.3,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 1, step: 0.05 },
  }),
  contractionWeight: spec<number>({
    label: 'Contraction weight λ',
    help: 'Weight of λ ‖J_f(x)‖²_F, the squared Frobenius norm of the encoder’s Jacobian (0 turns it off; 0.1 already shrinks it on MNIST). Applies live.',
    schema: numberIn('contractionWeight', 0, 10),
    default: 0.1,
    resets: false,
    scope: 'train',
    control: weightControl,
  }),
};

/** The flat settings a dense autoencoder reads at loss time (all apply live). */
export const REGULARIZER_LIVE_KEYS = ['sparsityKind', 'sparsityWeight', 'sparsityTarget', 'noiseKind', 'noiseLevel', 'contractionWeight'] as const;
