import { defineFamily } from './family';

/** CDAE (Wu et al. 2016): a denoising autoencoder with a learned input vector per user. */
export const cdae = defineFamily({
  name: 'cdae',
  label: 'CDAE (recommender)',
  help: 'Wu et al. 2016: a denoising autoencoder over a user’s clicks plus a learned vector per user (a new user’s is fitted to their clicks).',
  task: 'clicks',
  settings: ['latent', 'keepProb', 'weightDecay'],
  live: [],
  trains: true,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-units', 'recsys-user', 'recsys-rate', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit'],
  build: async ({ settings: s, inputDim, seed, clicks }) => {
    const { createCdae } = await import('../models/cdae');
    return createCdae({ items: inputDim, users: clicks.trainUsers, latent: s.latent, keepProb: s.keepProb, weightDecay: s.weightDecay, seed });
  },
});
