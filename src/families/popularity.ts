import { defineFamily } from './family';

/** Popularity: everyone gets the same ranking, by training clicks. The floor every recommender must clear. */
export const popularity = defineFamily({
  name: 'popularity',
  label: 'Popularity (baseline)',
  help: 'Recommends the most-clicked movies to everyone: the floor every recommender must clear.',
  task: 'clicks',
  settings: [],
  live: [],
  trains: false,
  panels: ['loss', 'recsys-ranking', 'recsys-results', 'recsys-user', 'recsys-rate', 'recsys-data'],
  queries: ['heldOutUser', 'recommend', 'restoreBest', 'exportSplit'],
  build: async ({ clicks }) => (await import('../models/recsys-from-settings')).createPopularityRecommender(clicks.popularity),
});
