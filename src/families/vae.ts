import { defineFamily } from './family';
import { VAE_LIVE_KEYS } from '../settings/vae-settings';

/** The variational autoencoder: reconstruction + β·KL(q(z|x) ‖ N(0, I)), the KL in closed form. */
export const vae = defineFamily({
  name: 'vae',
  label: 'VAE',
  help: 'A generative autoencoder: a Gaussian code, the reparameterization trick, β·KL to the prior.',
  task: 'images',
  settings: ['latent', 'vaeHidden', 'vaeHidden2', 'vaeActivation', 'likelihood', ...VAE_LIVE_KEYS],
  live: VAE_LIVE_KEYS,
  trains: true,
  panels: [
    'loss',
    'weights',
    'reconstructions',
    'vae-elbo',
    'vae-beta',
    'vae-rate-distortion',
    'vae-kl-bars',
    'vae-latent',
    'vae-generation',
    'code-view',
    'feature-probe',
    'code-map',
    'random-codes',
    'compare',
  ],
  queries: ['reconstruct', 'interpolate', 'decode', 'codeView', 'featureProbe', 'randomCodes', 'codeMap', 'decodeMapPoint', 'mapPoints'],
  build: async ({ settings, inputDim, seed }) => (await import('../models/vae-from-settings')).vaeFromSettings(settings, inputDim, seed),
});
