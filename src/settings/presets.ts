import { isModelName, type ModelName } from '../families';
import { BETA_SWEEP } from './recsys-settings';
import { defaultSettings, SETTINGS, SETTING_KEYS, type Settings } from './schema';

/** A one-click scenario: the defaults plus these settings. */
export interface Preset {
  id: string;
  title: string;
  description: string;
  model: string;
  settings: Record<string, unknown>;
}

export const PRESETS: Preset[] = [
  {
    id: 'linear-pca',
    title: 'Linear AE = PCA',
    description: 'K = 16 linear units: the loss falls to the PCA line and the weight rows span the eigen-digits.',
    model: 'linear',
    settings: { model: 'linear', latent: 16, learningRate: 0.003 },
  },
  {
    id: 'linear-tied',
    title: 'Tied weights',
    description: 'The decoder is the encoder transposed (W_d = W_eᵀ): still PCA, with half the weights.',
    model: 'linear',
    settings: { model: 'linear', latent: 16, tiedWeights: true },
  },
  {
    id: 'identity-trap',
    title: 'The overcomplete identity trap',
    description: 'More code units (1,024) than pixels: with nothing to stop it, the net drifts toward copying its input.',
    model: 'autoencoder',
    settings: { model: 'autoencoder', latent: 1024, activation: 'sigmoid', lossKind: 'cross-entropy' },
  },
  {
    id: 'sparse-strokes',
    title: 'Sparse strokes',
    description: 'An L1 penalty on the code: units fire rarely and their weight rows become local stroke detectors.',
    model: 'sparse',
    settings: { model: 'sparse', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy', sparsityWeight: 0.003 },
  },
  {
    id: 'denoising',
    title: 'Denoising',
    description: 'Half of each input’s pixels are zeroed; the net must rebuild the clean digit.',
    model: 'denoising',
    settings: { model: 'denoising', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy', noiseKind: 'masking', noiseLevel: 0.5 },
  },
  {
    id: 'contractive',
    title: 'Contractive',
    description: 'Penalise the encoder’s Jacobian: the code becomes insensitive to small input changes.',
    model: 'contractive',
    settings: { model: 'contractive', latent: 196, activation: 'sigmoid', lossKind: 'cross-entropy', contractionWeight: 0.1 },
  },
  {
    id: 'vae',
    title: 'VAE: generating digits',
    description: 'A 2-D latent VAE: watch the latent map sort the digits and the manifold grid morph between them.',
    model: 'vae',
    settings: { model: 'vae', latent: 2 },
  },
  {
    id: 'vae-annealing',
    title: 'β annealing',
    description: 'β rises linearly from 0 to 1: reconstruction first, then the KL term pulls the code toward the prior.',
    model: 'vae',
    settings: { model: 'vae', latent: 16, betaSchedule: 'linear', betaMax: 1, betaWarmupSteps: 2000 },
  },
  {
    id: 'vae-collapse',
    title: 'Posterior collapse',
    description: 'A large β makes the KL term win: every latent dimension falls to the prior and the decoder draws the mean digit.',
    model: 'vae',
    settings: { model: 'vae', latent: 16, betaSchedule: 'constant', betaMax: 20 },
  },
  {
    id: 'mult-vae',
    title: 'Mult-VAE on MovieLens',
    description: 'A VAE as a recommender: the multinomial likelihood, β annealed to 0.2, against popularity and EASE.',
    model: 'mult-vae',
    settings: { model: 'mult-vae', dataset: 'movielens-latest-small', multHidden: 600, latent: 200 },
  },
  {
    id: 'mult-dae',
    title: 'Mult-DAE on MovieLens',
    description: 'Liang et al.’s denoising recommender, I-200-I: dropout on the input clicks, the multinomial likelihood, weight decay.',
    model: 'mult-dae',
    settings: { model: 'mult-dae', dataset: 'movielens-latest-small', multHidden: 0, latent: 200 },
  },
  {
    id: 'mult-vae-beta-sweep',
    title: 'Mult-VAE: choosing β',
    description: `Liang et al.’s sweep: β annealed to 1 over ${BETA_SWEEP.annealSteps.toLocaleString('en')} steps, uncapped. Read off the β where validation NDCG@100 peaks, then retrain capped there.`,
    model: 'mult-vae',
    settings: { model: 'mult-vae', dataset: 'movielens-latest-small', multHidden: 600, latent: 200, ...BETA_SWEEP },
  },
];

export const presetAvailable = (p: Preset): boolean => isModelName(p.model);

/**
 * The settings a preset stands for: the training defaults plus its own values; the
 * backend and the view settings (layout, scales) stay as the user has them.
 */
export function presetSettings(p: Preset, current: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defaults = defaultSettings();
  for (const k of SETTING_KEYS) {
    if (SETTINGS[k].scope === 'view' || k === 'backend') continue;
    if (current[k] !== defaults[k]) out[k] = defaults[k];
  }
  for (const [k, v] of Object.entries(p.settings)) out[k] = v;
  return out;
}

export type { ModelName };
