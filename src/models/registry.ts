import { subSeed } from '../math/rng';
import type { Settings } from '../settings/schema';
import { createLinearAe } from './linear-ae';
import type { Autoencoder } from './model';
import { vaeFromSettings } from './vae-from-settings';

/** Builds the model the settings name, for data of the given width. */
export function createModel(s: Settings, inputDim: number): Autoencoder {
  const seed = subSeed(s.seed, 'weights');
  switch (s.model) {
    case 'linear':
      return createLinearAe({ inputDim, latent: s.latent, tiedWeights: s.tiedWeights, bias: s.bias, seed });
    case 'vae':
      return vaeFromSettings(s, inputDim, seed);
  }
}
