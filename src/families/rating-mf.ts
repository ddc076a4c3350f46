import { RATINGS_PANELS } from './autorec-family';
import { defineFamily } from './family';

/** Biased matrix factorization r̂ = μ + b_u + b_i + p_u·q_i (the lecture's R = UVᵀ), fitted by SGD. */
export const ratingMf = defineFamily({
  name: 'rating-mf',
  label: 'Matrix factorization (ratings)',
  help: 'R ≈ UVᵀ plus biases, rank K, fitted by SGD: a linear AutoRec is such a factorization.',
  task: 'ratings',
  settings: ['mfRank', 'biasLambda'],
  live: [],
  trains: false,
  panels: RATINGS_PANELS,
  queries: ['ratingsUser', 'ratingsScatter', 'exportSplit'],
  build: async ({ settings, inputDim, ratings, signal }) =>
    (await import('../models/autorec')).ratingBaselineModel('rating-mf', await ratings.mf(settings.mfRank, signal), inputDim),
});
