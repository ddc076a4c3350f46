import type { ComponentType } from 'react';
import type { ModelName } from '../../settings/model-names';

/** Diagnostic panels of the sparse, denoising and contractive autoencoders, by model. */
export const REGULARIZER_PANELS: Partial<Record<ModelName, ComponentType[]>> = {};
