/**
 * Every live panel by name. A family lists the ids of its panels; src/panels/panel-registry.ts
 * maps each id to its component (a Record over this list, so the compiler finds a missing one).
 * The names are also what the hiddenPanels setting and a link carry.
 */
export const PANEL_IDS = [
  'loss',
  'weights',
  'reconstructions',
  'compare',
  'code-activity',
  'denoise',
  'drawing-pad',
  'jacobian',
  'sensitivity',
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
  'pretraining',
  'recsys-ranking',
  'recsys-kl',
  'recsys-beta',
  'recsys-beta-select',
  'recsys-results',
  'recsys-activity',
  'recsys-units',
  'recsys-user',
  'recsys-rate',
  'recsys-amortization',
  'recsys-rank-sweep',
  'recsys-likelihoods',
  'recsys-data',
  'ratings-rmse',
  'ratings-scatter',
  'ratings-user',
  'ratings-results',
  'ratings-block',
] as const;

export type PanelId = (typeof PANEL_IDS)[number];
