import { isActivation, type Activation } from './activations';
import { checkCorruption, type CorruptionKind } from './corruption';
import { checkTarget, type SparsityKind } from './sparsity';

/** Which regularizer the dense autoencoder adds to its reconstruction loss. */
export type AeFamily = 'autoencoder' | 'sparse' | 'denoising' | 'contractive';
export const AE_FAMILIES: readonly AeFamily[] = ['autoencoder', 'sparse', 'denoising', 'contractive'];

/** 'squared': (1/B) Σ_b ‖x̂_b − x_b‖². 'cross-entropy': (1/B) Σ_b Σ_i BCE(x_bi, x̂_bi). */
export type ReconstructionLoss = 'squared' | 'cross-entropy';

export const MAX_DENSE_LATENT = 4096;

export interface DenseAeOptions {
  family: AeFamily;
  inputDim: number;
  /** Encoder hidden layer sizes before the code, input side first; the decoder mirrors them. May be empty. */
  hidden: readonly number[];
  /** Code units K (1 … 4096: undercomplete to overcomplete). */
  latent: number;
  /** Non-linearity of every hidden and code unit; the output is always sigmoid. */
  activation: Activation;
  /** Decoder kernels are the transposes of the encoder's, in mirrored order (biases stay separate). */
  tiedWeights: boolean;
  loss: ReconstructionLoss;
  /** Seeds the weights; the corruption stream is derived from it and the step. */
  seed: number;
  /** Live settings (see LiveAeParams); defaults in DENSE_AE_DEFAULTS. */
  sparsityKind?: SparsityKind;
  sparsityWeight?: number;
  sparsityTarget?: number;
  noiseKind?: CorruptionKind;
  noiseLevel?: number;
  contractionWeight?: number;
}

/** The settings a dense autoencoder reads at loss time: plain numbers, changed by setLive without a rebuild. */
export interface LiveAeParams {
  /** 'l1': λ (1/B) Σ_b Σ_k |h_bk|.  'kl': β_s Σ_k KL(ρ‖ρ̂_k) (sigmoid codes only). */
  sparsityKind: SparsityKind;
  /** λ (L1) or β_s (KL), ≥ 0. */
  sparsityWeight: number;
  /** ρ, the target mean activation of each code unit for KL sparsity, in (0, 1). */
  sparsityTarget: number;
  noiseKind: CorruptionKind;
  /** σ for 'gaussian', the fraction ν for 'masking' and 'salt-and-pepper'. */
  noiseLevel: number;
  /** λ of the contractive penalty λ ‖J_f(x)‖²_F, ≥ 0. */
  contractionWeight: number;
}

export const DENSE_AE_DEFAULTS: LiveAeParams = {
  sparsityKind: 'l1',
  sparsityWeight: 0.05,
  sparsityTarget: 0.05,
  noiseKind: 'masking',
  noiseLevel: 0.3,
  contractionWeight: 0.1,
};

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

function checkWeight(name: string, v: unknown): number {
  check(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${name} must be a number ≥ 0 (0 turns it off); got ${String(v)}.`);
  return v as number;
}

/**
 * Merges `params` into `current` and validates the result as a whole (so a noise level is
 * checked against the noise kind it will be used with). Unknown keys — the trainer passes
 * the whole live settings object — are ignored. Throws without changing anything.
 */
export function mergeLiveParams(current: LiveAeParams, params: Record<string, unknown>, family: AeFamily, activation: Activation): LiveAeParams {
  const pick = <K extends keyof LiveAeParams>(k: K): unknown => (k in params && params[k] !== undefined ? params[k] : current[k]);
  const kind = pick('sparsityKind');
  check(kind === 'l1' || kind === 'kl', `sparsityKind must be "l1" or "kl"; got ${String(kind)}.`);
  check(
    !(family === 'sparse' && kind === 'kl' && activation !== 'sigmoid'),
    `KL sparsity compares mean activations with a target ρ in (0, 1), so it needs sigmoid code units; this model uses ${activation}. Use "l1" sparsity or the sigmoid activation.`,
  );
  const noise = checkCorruption(pick('noiseKind'), pick('noiseLevel'));
  return {
    sparsityKind: kind as SparsityKind,
    sparsityWeight: checkWeight('sparsityWeight', pick('sparsityWeight')),
    sparsityTarget: checkTarget(pick('sparsityTarget')),
    noiseKind: noise.kind,
    noiseLevel: noise.level,
    contractionWeight: checkWeight('contractionWeight', pick('contractionWeight')),
  };
}

/** Checks the structural options; throws a readable Error naming the bad one. */
export function validateDenseAeOptions(o: DenseAeOptions): void {
  check((AE_FAMILIES as readonly string[]).includes(o.family), `family must be one of: ${AE_FAMILIES.join(', ')}; got ${String(o.family)}.`);
  check(Number.isInteger(o.inputDim) && o.inputDim >= 1, `inputDim must be a whole number ≥ 1; got ${o.inputDim}.`);
  check(Number.isInteger(o.latent) && o.latent >= 1 && o.latent <= MAX_DENSE_LATENT, `The code size K must be a whole number from 1 to ${MAX_DENSE_LATENT}; got ${o.latent}.`);
  check(Array.isArray(o.hidden), 'hidden must be an array of layer sizes (empty for a single code layer).');
  for (const h of o.hidden) check(Number.isInteger(h) && h >= 1, `Hidden layer sizes must be whole numbers ≥ 1; got ${h}.`);
  check(isActivation(o.activation), `activation must be "sigmoid", "relu" or "tanh"; got ${String(o.activation)}.`);
  check(o.loss === 'squared' || o.loss === 'cross-entropy', `loss must be "squared" or "cross-entropy"; got ${String(o.loss)}.`);
  check(typeof o.tiedWeights === 'boolean', `tiedWeights must be true or false; got ${String(o.tiedWeights)}.`);
  check(Number.isFinite(o.seed), `seed must be a number; got ${o.seed}.`);
}
