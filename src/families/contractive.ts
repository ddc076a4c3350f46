import { denseFamily } from './dense-family';

/** Contractive autoencoder (Rifai et al. 2011): λ ‖J_f(x)‖²_F. */
export const contractive = denseFamily({
  name: 'contractive',
  label: 'Contractive AE',
  help: 'Penalises the encoder’s Jacobian: codes that change little when the input is pushed.',
  settings: ['contractionWeight'],
  panels: ['jacobian', 'sensitivity'],
});
