import { defineFamily } from './family';

/** The linear autoencoder: trained on squared error it learns the PCA subspace (Baldi & Hornik 1989). */
export const linear = defineFamily({
  name: 'linear',
  label: 'Linear (PCA)',
  help: 'Learns the PCA subspace: its loss falls to the PCA line for the same K.',
  task: 'images',
  settings: ['latent', 'tiedWeights', 'bias'],
  live: [],
  trains: true,
  panels: ['loss', 'weights', 'reconstructions', 'code-view', 'feature-probe', 'code-map', 'random-codes', 'compare'],
  queries: ['reconstruct', 'codeView', 'featureProbe', 'randomCodes', 'codeMap', 'decodeMapPoint'],
  build: async ({ settings: s, inputDim, seed }) => {
    const { createLinearAe } = await import('../models/linear-ae');
    return createLinearAe({ inputDim, latent: s.latent, tiedWeights: s.tiedWeights, bias: s.bias, seed });
  },
});
