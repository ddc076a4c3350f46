/**
 * Models and settings that chapters already use but that are still being built.
 * A step that needs one shows "coming soon" and lights up by itself once the model
 * is in MODELS and the setting in the schema (the chapter tests then validate it).
 */
export const FUTURE_MODELS = ['autoencoder', 'sparse', 'denoising', 'contractive', 'mult-vae', 'mult-dae', 'ease', 'popularity'] as const;

export const PENDING_SETTINGS = [
  // Nonlinear autoencoders (plain, sparse, denoising, contractive).
  'hiddenLayers',
  'activation',
  'lossKind',
  'sparsityKind',
  'sparsityWeight',
  'sparsityTarget',
  'noiseKind',
  'noiseLevel',
  'contractionWeight',
  // VAE: the β schedule and free bits.
  'betaSchedule',
  'betaMax',
  'betaWarmupSteps',
  'freeBits',
] as const;
export type PendingSetting = (typeof PENDING_SETTINGS)[number];

/** Datasets that chapters name before they exist (MovieLens for the recommender chapters). */
export const FUTURE_DATASETS = ['movielens-latest-small'] as const;
