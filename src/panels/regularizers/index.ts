import type { ComponentType } from 'react';
import type { ModelName } from '../../settings/model-names';
import { CodeActivityPanel } from './code-activity-panel';
import { DenoisePanel } from './denoise-panel';
import { DrawingPadPanel } from './drawing-pad-panel';
import { JacobianPanel } from './jacobian-panel';
import { SensitivityPanel } from './sensitivity-panel';

/**
 * Diagnostic panels of the sparse, denoising and contractive autoencoders, by model. The
 * plain autoencoder gets the code, pad, Jacobian and push panels too: it is the baseline
 * each regularizer is compared with (dense codes, copies scribbles, follows every push).
 */
export const REGULARIZER_PANELS: Partial<Record<ModelName, ComponentType[]>> = {
  autoencoder: [CodeActivityPanel, DrawingPadPanel, JacobianPanel, SensitivityPanel],
  sparse: [CodeActivityPanel],
  denoising: [DenoisePanel, DrawingPadPanel],
  contractive: [JacobianPanel, SensitivityPanel],
};
