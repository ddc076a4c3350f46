import { denseFamily } from './dense-family';

/** The plain nonlinear autoencoder: the baseline each regularizer is compared with (dense codes, copies scribbles, follows every push). */
export const autoencoder = denseFamily({
  name: 'autoencoder',
  label: 'Autoencoder',
  help: 'A nonlinear autoencoder with no regularizer: the baseline for the others.',
  settings: [],
  panels: ['code-activity', 'drawing-pad', 'jacobian', 'sensitivity'],
});
