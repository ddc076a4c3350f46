import { RATINGS_PANELS } from './autorec-family';
import { defineFamily } from './family';

/** User + item biases r̂ = μ + b_u + b_i (ridge, alternating closed forms): the first honest baseline. */
export const ratingBiases = defineFamily({
  name: 'rating-biases',
  label: 'User + item biases (ratings)',
  help: 'r̂ = μ + b_u + b_i: how generous a user is and how liked a movie is, nothing more.',
  task: 'ratings',
  settings: ['biasLambda'],
  live: [],
  trains: false,
  panels: RATINGS_PANELS,
  queries: ['ratingsUser', 'ratingsScatter', 'exportSplit'],
  build: async ({ settings, inputDim, ratings }) => (await import('../models/autorec')).ratingBaselineModel('rating-biases', ratings.biases(settings.biasLambda), inputDim),
});
