import { defineFamily } from './family';

/** Item-kNN: cosine similarity with shrink, k neighbours per movie (Dacrema et al. 2019's strongest simple baseline). */
export const itemKnn = defineFamily({
  name: 'item-knn',
  label: 'Item-kNN (closed form)',
  help: 's_ij = x_iᵀx_j / (‖x_i‖‖x_j‖ + h), each movie keeps its k most similar; scores = x·S. No training.',
  task: 'clicks',
  settings: ['knnNeighbours', 'knnShrink'],
  live: [],
  trains: false,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-user', 'recsys-rate', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit'],
  build: async ({ settings, inputDim, clicks, signal }) => {
    const weights = await clicks.knn(settings.knnNeighbours, settings.knnShrink, signal);
    return (await import('../models/recsys-from-settings')).createEaseRecommender(inputDim, weights, 'item-knn');
  },
});
