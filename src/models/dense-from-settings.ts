import type { Settings } from '../settings/schema';
import type { Autoencoder } from './model';

/** Builds the plain, sparse, denoising or contractive autoencoder from the lab's settings. */
export function denseFromSettings(_s: Settings, _inputDim: number, _seed: number): Autoencoder {
  throw new Error('The nonlinear autoencoders are not wired into the lab yet.');
}
