import { defineFamily } from './family';

/** EASE (Steck 2019): the closed-form full-rank linear autoencoder with diag(B) = 0. */
export const ease = defineFamily({
  name: 'ease',
  label: 'EASE (closed form)',
  help: 'Steck 2019: B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, fitted in closed form.',
  task: 'clicks',
  settings: ['easeLambda'],
  live: [],
  trains: false,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-activity', 'recsys-user', 'recsys-rate', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit'],
  build: async ({ settings, inputDim, clicks, signal }) => {
    const weights = await clicks.ease(settings.easeLambda, signal);
    return (await import('../models/recsys-from-settings')).createEaseRecommender(inputDim, weights);
  },
});
