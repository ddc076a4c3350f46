import { denseFamily } from './dense-family';

/** Denoising autoencoder (Vincent et al. 2008): encode a corrupted x̃, score against the clean x. */
export const denoising = denseFamily({
  name: 'denoising',
  label: 'Denoising AE',
  help: 'Corrupts each input (masking, salt-and-pepper, Gaussian) and learns to restore it.',
  settings: ['noiseKind', 'noiseLevel'],
  panels: ['denoise', 'drawing-pad'],
});
