import type { ComponentType } from 'react';
import type { ModelName } from '../../settings/model-names';
import { BetaSchedulePanel } from './beta-schedule-panel';
import { ElboChartPanel } from './elbo-chart-panel';
import { GenerationPanel } from './generation-panel';
import { KlBarsPanel } from './kl-bars-panel';
import { LatentSpacePanel } from './latent-space-panel';
import { RateDistortionPanel } from './rate-distortion-panel';

/** The VAE's panels (β schedule, KL vs reconstruction, rate–distortion, latent map…). */
export const VAE_PANELS: Partial<Record<ModelName, ComponentType[]>> = {
  vae: [ElboChartPanel, BetaSchedulePanel, RateDistortionPanel, KlBarsPanel, LatentSpacePanel, GenerationPanel],
};
