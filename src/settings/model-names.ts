/** Image models train on MNIST-format data (the ones wired into the lab so far). */
export const IMAGE_MODELS = ['linear', 'vae'] as const;
export const MODELS = [...IMAGE_MODELS] as const;
export type ModelName = (typeof MODELS)[number];

export const MODEL_LABELS: Record<ModelName, string> = {
  linear: 'Linear (PCA)',
  vae: 'VAE',
};
