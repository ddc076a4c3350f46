import type { Criterion, Evidence } from './evidence';
import { MEAN_IMAGE_NATS, PCA_TEST_ERROR, quotePca, quoteTotalVariance } from './pca-figures';
import type { QuestionEvidence, StepPreset } from './types';

/**
 * Behaviours of the lab that the walkthroughs state, declared as data: these settings
 * (over the defaults, as a step applies them), this seed, this many steps, then a metric
 * against a number. test/unit/claims.test.ts runs every one in Node on the same engine
 * (WASM backend); a question's evidence and the prose's {claim:id} read the same entry,
 * so the text cannot drift from what the test checks.
 */
export interface Claim {
  id: string;
  /** What the claim says, in words (the test's name). */
  says: string;
  settings: StepPreset;
  seed: number;
  steps: number;
  criterion: Criterion;
  /**
   * Another claim on the same series and step count whose run this one must end strictly
   * below (a denoising AE against a plain one): the claims test measures both and compares.
   */
  below?: string;
}

const linear = (latent: number) => ({ model: 'linear', latent }) as const;
const sparse = { model: 'sparse', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;
const contractive = { model: 'contractive', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy' } as const;
/** Chapter 5's inpainting step and the denoising preset: half of each input's pixels masked. */
const inpainting = { model: 'denoising', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy', noiseKind: 'masking', noiseLevel: 0.5 } as const;
/** A plain AE of the denoising AE's size (the noise settings only set what test/denoiseError scores; it trains on clean digits). */
const plainOfInpainting = { ...inpainting, model: 'autoencoder' } as const;

export const CLAIMS: readonly Claim[] = [
  {
    id: 'linear16-blurry',
    says: `a linear AE with K = 16 is well below the mean digit (${quoteTotalVariance()}) but far from a copy after 500 steps`,
    settings: linear(16),
    seed: 1,
    steps: 500,
    criterion: { series: 'test/loss', op: '<', value: 30 },
  },
  {
    id: 'ae32-ce-floor',
    says: 'cross-entropy keeps a floor well above 0 on grey-level digits',
    settings: { model: 'autoencoder', latent: 32, activation: 'sigmoid', lossKind: 'cross-entropy' },
    seed: 1,
    steps: 300,
    criterion: { series: 'test/loss', op: '>', value: 50 },
  },
  {
    id: 'linear10-subspace',
    says: 'K = 10: the decoder rows approach the top-10 principal subspace within 300 steps',
    settings: linear(10),
    seed: 1,
    steps: 300,
    criterion: { series: 'pca/subspaceSimilarity', op: '>=', value: 0.8 },
  },
  {
    id: 'linear10-tied',
    says: `tied weights head to the same PCA line (${quotePca(10)} for K = 10)`,
    settings: { ...linear(10), tiedWeights: true },
    seed: 1,
    steps: 300,
    criterion: { series: 'test/loss', op: '<=', value: 28 },
  },
  {
    id: 'linear2-plateau',
    says: `K = 2 levels off near the PCA line of ${quotePca(2)}`,
    settings: linear(2),
    seed: 1,
    steps: 400,
    criterion: { series: 'test/loss', op: '<=', value: 46 },
  },
  {
    id: 'linear784-copy',
    says: 'K = 784: the test error falls toward 0',
    settings: { ...linear(784), logScale: false },
    seed: 1,
    steps: 300,
    criterion: { series: 'test/loss', op: '<', value: 10 },
  },
  {
    id: 'sparse-l1-code',
    says: 'L1 (λ = 0.5) piles the sigmoid code up near 0',
    settings: { ...sparse, sparsityKind: 'l1', sparsityWeight: 0.5 },
    seed: 1,
    steps: 200,
    criterion: { series: 'diag/meanAbs', op: '<=', value: 0.15 },
  },
  {
    id: 'sparse-kl-active',
    says: 'KL sparsity (ρ = 0.05, weight 3): at most a quarter of the 196 units active per input on average, fewer than in a plain AE of its size',
    settings: { ...sparse, sparsityKind: 'kl', sparsityWeight: 3, sparsityTarget: 0.05 },
    seed: 1,
    // Measured 0.215 (0.094 at step 20, 0.224 at 200, 0.183 at 900): the fraction settles near 0.2.
    steps: 300,
    criterion: { series: 'diag/activeFraction', op: '<=', value: 0.25 },
    below: 'plain-active',
  },
  {
    id: 'sparse-l1-strong',
    says: 'L1 at λ = 5: after 200 steps the reconstruction error is still at least 180 nats, near the mean digit’s',
    settings: { ...sparse, sparsityKind: 'l1', sparsityWeight: 5 },
    seed: 1,
    steps: 200,
    criterion: { series: 'test/reconstruction', op: '>=', value: 180 },
  },
  {
    id: 'contractive-strong',
    says: 'a strong contraction weight (λ = 1) holds the encoder’s mean ‖J_f‖²_F to at most 12',
    settings: { ...contractive, contractionWeight: 1 },
    seed: 1,
    steps: 300,
    criterion: { series: 'diag/jacobianNorm', op: '<=', value: 12 },
  },
  {
    id: 'identity-trap-masked',
    says: 'the identity-trap net (1,024 units, no corruption in training) restores test digits with 30% of pixels masked no better than this, after 100 steps',
    // The identity-trap preset's run: its noise settings are the defaults (masking, ν = 0.3), written out for the prose.
    settings: { model: 'autoencoder', latent: 1024, activation: 'sigmoid', lossKind: 'cross-entropy', noiseKind: 'masking', noiseLevel: 0.3 },
    seed: 1,
    steps: 100,
    // Measured 108.8 (its clean test/loss: 91.5).
    criterion: { series: 'test/denoiseError', op: '>=', value: 104 },
  },
  {
    id: 'denoise-restores',
    says: 'ν = 0.5 masking: after 300 steps the denoising AE restores half-masked test digits to within this many nats of the clean ones, better than a plain AE of its size',
    settings: inpainting,
    seed: 1,
    steps: 300,
    // Measured 108.2 (its clean test/loss: 108.7).
    criterion: { series: 'test/denoiseError', op: '<=', value: 112 },
    below: 'plain-masked',
  },
  {
    id: 'plain-masked',
    says: 'a plain AE of the same size, trained 300 steps on clean digits, restores the same half-masked test digits no better than this',
    settings: plainOfInpainting,
    seed: 1,
    steps: 300,
    // Measured 123.6.
    criterion: { series: 'test/denoiseError', op: '>=', value: 118 },
  },
  {
    id: 'plain-active',
    says: 'a plain AE of the sparse preset’s size (196 sigmoid units, cross-entropy, no penalty), trained 300 steps, switches on at least this fraction of its units per test input on average',
    // plain-masked's run.
    settings: plainOfInpainting,
    seed: 1,
    steps: 300,
    // Measured 0.746 (0.75–0.77 from step 100 to 900).
    criterion: { series: 'diag/activeFraction', op: '>=', value: 0.6 },
  },
  {
    id: 'plain-jacobian',
    says: 'a plain AE of the contractive preset’s size (196 sigmoid units, cross-entropy), trained 300 steps, has a mean ‖J_f‖²_F on test digits of at least this',
    // plain-masked's run.
    settings: plainOfInpainting,
    seed: 1,
    steps: 300,
    // Measured 55.9 (the contractive preset's run, λ = 0.1: 31.3).
    criterion: { series: 'diag/jacobianNorm', op: '>=', value: 50 },
  },
  {
    id: 'deep-beats-pca32',
    says: `a 784-512-128-32 ReLU AE on squared error goes below PCA’s K = 32 test error (${quotePca(32)}) within 500 steps`,
    settings: { model: 'autoencoder', hiddenLayers: '512-128', latent: 32, activation: 'relu', lossKind: 'squared' },
    seed: 1,
    steps: 500,
    criterion: { series: 'test/loss', op: '<', value: PCA_TEST_ERROR[32] },
  },
  {
    id: 'vae2-kl',
    says: 'a 2-D VAE’s code carries information: the KL is above 2 nats after 200 steps',
    settings: { model: 'vae', latent: 2 },
    seed: 1,
    steps: 200,
    criterion: { series: 'test/kl', op: '>=', value: 2 },
  },
  {
    id: 'vae2-bound',
    says: `a 2-D VAE’s test −ELBO falls well below the mean-image baseline (about ${String(MEAN_IMAGE_NATS)} nats)`,
    settings: { model: 'vae', latent: 2 },
    seed: 1,
    steps: 200,
    criterion: { series: 'test/loss', op: '<=', value: 185 },
  },
  {
    id: 'vae16-anneal-rises',
    says: 'linear warm-up: with β still small the KL climbs high',
    settings: { model: 'vae', latent: 16, betaSchedule: 'linear', betaMax: 1, betaWarmupSteps: 2000 },
    seed: 1,
    steps: 200,
    criterion: { series: 'test/kl', op: '>=', value: 55 },
  },
  {
    id: 'vae16-anneal-falls',
    says: 'linear warm-up: as β grows the KL is pushed back down',
    settings: { model: 'vae', latent: 16, betaSchedule: 'linear', betaMax: 1, betaWarmupSteps: 2000 },
    seed: 1,
    steps: 400,
    criterion: { series: 'test/kl', op: '<=', value: 50 },
  },
  {
    id: 'vae16-collapse',
    says: 'β = 20: the posterior collapses, the KL falls below 0.5 nats',
    settings: { model: 'vae', latent: 16, betaSchedule: 'constant', betaMax: 20 },
    seed: 1,
    steps: 200,
    criterion: { series: 'test/kl', op: '<', value: 0.5 },
  },
];

export function claimById(id: string): Claim {
  const c = CLAIMS.find((x) => x.id === id);
  if (!c) throw new Error(`Unknown claim "${id}".`);
  return c;
}

/** What prose shows for {claim:id} (the criterion's value) and {claim:id:steps} (its step count). */
export function quoteClaim(id: string, part: 'value' | 'steps' = 'value'): string {
  const c = claimById(id);
  return part === 'steps' ? c.steps.toLocaleString('en') : String(c.criterion.value);
}

/** A question's evidence as the card checks it: a claim becomes its steps and criterion. */
export function resolveEvidence(e: QuestionEvidence): Evidence {
  if (!('claim' in e)) return e;
  const c = claimById(e.claim);
  return { steps: c.steps, criterion: c.criterion, show: e.show };
}
