import type { ComponentType } from 'react';
import type { ModelName } from '../../settings/model-names';
import { BetaAnnealPanel } from './beta-anneal-panel';
import { HeldOutUserPanel } from './held-out-user-panel';
import { KlReconPanel } from './kl-recon-panel';
import { MovieLensPanel } from './movielens-panel';
import { RankingChartPanel } from './ranking-chart-panel';
import { RateMoviesPanel } from './rate-movies-panel';
import { ResultsTablePanel } from './results-table-panel';
import { UnitMoviesPanel } from './unit-movies-panel';

const COMMON = [RankingChartPanel, ResultsTablePanel, HeldOutUserPanel, RateMoviesPanel, MovieLensPanel];

/** The recommenders' panels: ranking metrics and results for all; β, KL and weight rows for the trained ones. */
export const RECSYS_PANELS: Partial<Record<ModelName, ComponentType[]>> = {
  'mult-vae': [RankingChartPanel, KlReconPanel, BetaAnnealPanel, ResultsTablePanel, UnitMoviesPanel, HeldOutUserPanel, RateMoviesPanel, MovieLensPanel],
  'mult-dae': [RankingChartPanel, ResultsTablePanel, UnitMoviesPanel, HeldOutUserPanel, RateMoviesPanel, MovieLensPanel],
  ease: COMMON,
  popularity: COMMON,
};
