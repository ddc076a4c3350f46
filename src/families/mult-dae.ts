import { defineFamily } from './family';

/** Mult-DAE (Liang et al. 2018): the denoising autoencoder with the multinomial likelihood and weight decay. */
export const multDae = defineFamily({
  name: 'mult-dae',
  label: 'Mult-DAE (recommender)',
  help: 'Liang et al. 2018: a denoising autoencoder over a user’s clicks (dropout on the input).',
  task: 'clicks',
  settings: ['latent', 'keepProb', 'multHidden', 'weightDecay', 'clickLikelihood'],
  live: [],
  trains: true,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-activity', 'recsys-units', 'recsys-user', 'recsys-rate', 'recsys-likelihoods', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit', 'sweep'],
  build: async ({ settings, inputDim, seed }) => (await import('../models/recsys-from-settings')).multDaeFromSettings(settings, inputDim, seed),
});
