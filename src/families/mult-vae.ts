import { defineFamily } from './family';

/** Mult-VAE (Liang et al. 2018): multinomial likelihood, L2-normalised input with dropout, β annealed to a cap. */
export const multVae = defineFamily({
  name: 'mult-vae',
  label: 'Mult-VAE (recommender)',
  help: 'Liang et al. 2018: a VAE over a user’s clicks with a multinomial likelihood and capped β.',
  task: 'clicks',
  settings: ['latent', 'betaCap', 'annealSteps', 'keepProb', 'multHidden', 'clickLikelihood'],
  live: ['betaCap', 'annealSteps', 'batchSize'],
  trains: true,
  panels: [
    'loss',
    'recsys-ranking',
    'recsys-kl',
    'vae-rate-distortion',
    'recsys-beta',
    'recsys-beta-select',
    'recsys-results',
    'recsys-activity',
    'recsys-units',
    'recsys-user',
    'recsys-rate',
    'recsys-amortization',
    'recsys-likelihoods',
    'recsys-data',
  ],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit', 'amortizationGap', 'sweep'],
  build: async ({ settings, inputDim, seed, clicks }) => (await import('../models/recsys-from-settings')).multVaeFromSettings(settings, inputDim, seed, clicks.trainUsers),
});
