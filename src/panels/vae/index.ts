import type { ComponentType } from 'react';
import type { ModelName } from '../../settings/model-names';

/** The VAE's panels (β schedule, KL vs reconstruction, rate–distortion, latent map…). */
export const VAE_PANELS: Partial<Record<ModelName, ComponentType[]>> = {};
