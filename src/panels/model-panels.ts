import type { ComponentType } from 'react';
import type { ModelName } from '../settings/model-names';
import { RECSYS_PANELS } from './recsys';
import { REGULARIZER_PANELS } from './regularizers';
import { VAE_PANELS } from './vae';

/** The panels a model adds after the common ones (loss, weights, reconstructions). */
export function modelPanels(model: ModelName): ComponentType[] {
  return [...(REGULARIZER_PANELS[model] ?? []), ...(VAE_PANELS[model] ?? []), ...(RECSYS_PANELS[model] ?? [])];
}
