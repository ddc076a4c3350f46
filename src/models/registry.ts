import { subSeed } from '../math/rng';
import type { Settings } from '../settings/schema';
import { denseFromSettings } from './dense-from-settings';
import { createLinearAe } from './linear-ae';
import type { Autoencoder } from './model';
import { recsysFromSettings, type RecsysFit } from './recsys-from-settings';
import { vaeFromSettings } from './vae-from-settings';

/** Builds the model the settings name, for data of the given width (recommenders also need their fit). */
export function createModel(s: Settings, inputDim: number, fit?: RecsysFit): Autoencoder {
  const seed = subSeed(s.seed, 'weights');
  switch (s.model) {
    case 'linear':
      return createLinearAe({ inputDim, latent: s.latent, tiedWeights: s.tiedWeights, bias: s.bias, seed });
    case 'autoencoder':
    case 'sparse':
    case 'denoising':
    case 'contractive':
      return denseFromSettings(s, inputDim, seed);
    case 'vae':
      return vaeFromSettings(s, inputDim, seed);
    case 'mult-vae':
    case 'mult-dae':
    case 'ease':
    case 'popularity':
      return recsysFromSettings(s, inputDim, seed, fit);
  }
}
