import { denseFamily } from './dense-family';

/** Sparse autoencoder: an L1 penalty λ Σ|h_k| or a KL target ρ on each unit's mean activation. */
export const sparse = denseFamily({
  name: 'sparse',
  label: 'Sparse AE',
  help: 'Adds a sparsity penalty on the code: L1, or KL to a target mean activation ρ.',
  settings: ['sparsityKind', 'sparsityWeight', 'sparsityTarget'],
  panels: ['code-activity'],
});
