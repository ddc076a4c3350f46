/** Image models train on MNIST-format data (the ones wired into the lab so far). */
export const IMAGE_MODELS = ['linear', 'autoencoder', 'sparse', 'denoising', 'contractive', 'vae'] as const;
/** Recommenders train on MovieLens clicks (Liang et al. 2018; Steck 2019). */
export const RECSYS_MODELS = ['mult-vae', 'mult-dae', 'ease', 'popularity'] as const;
export const MODELS = [...IMAGE_MODELS, ...RECSYS_MODELS] as const;
export type ModelName = (typeof MODELS)[number];

export const MODEL_LABELS: Record<ModelName, string> = {
  linear: 'Linear (PCA)',
  autoencoder: 'Autoencoder',
  sparse: 'Sparse AE',
  denoising: 'Denoising AE',
  contractive: 'Contractive AE',
  vae: 'VAE',
  'mult-vae': 'Mult-VAE (recommender)',
  'mult-dae': 'Mult-DAE (recommender)',
  ease: 'EASE (closed form)',
  popularity: 'Popularity (baseline)',
};
