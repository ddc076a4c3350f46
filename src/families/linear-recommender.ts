import { defineFamily } from './family';

/**
 * The linear autoencoder on the clicks task: the same model name as on images ('linear'), one
 * family per task kind (the registry resolves a name by the task the settings run).
 */
export const linearRecommender = defineFamily({
  name: 'linear',
  label: 'Linear (AMF)',
  help: 'Asymmetric MF as a linear autoencoder: scores x̃_u V Qᵀ of rank K, x̃_u = x_u / √|I_u| (Liang’s “back to the linear autoencoder”).',
  task: 'clicks',
  settings: ['latent', 'clickLikelihood', 'weightDecay'],
  live: [],
  trains: true,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-activity', 'recsys-units', 'recsys-user', 'recsys-rate', 'recsys-rank-sweep', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit', 'sweep'],
  build: async ({ settings: s, inputDim, seed }) => {
    const { createLinearRecommender } = await import('../models/linear-recommender');
    return createLinearRecommender({ items: inputDim, latent: s.latent, weightDecay: s.weightDecay, likelihood: s.clickLikelihood, seed });
  },
});
