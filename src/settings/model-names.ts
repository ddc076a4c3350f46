/** Image models train on MNIST-format data. */
export const IMAGE_MODELS = ['linear', 'autoencoder', 'sparse', 'denoising', 'contractive', 'vae'] as const;
export const MODELS = [...IMAGE_MODELS] as const;
export type ModelName = (typeof MODELS)[number];

export const MODEL_LABELS: Record<ModelName, string> = {
  linear: 'Linear (PCA)',
  autoencoder: 'Autoencoder',
  sparse: 'Sparse AE',
  denoising: 'Denoising AE',
  contractive: 'Contractive AE',
  vae: 'VAE',
};
