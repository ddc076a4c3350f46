import type { ComponentType } from 'react';
import { familyFor, familyOf, type ModelChoice, type ModelName, type PanelId } from '../families';
import { isTable } from '../families/datasets';
import { CodeMapPanel } from './code-map-panel';
import { CodeViewPanel } from './code-view-panel';
import { ComparePanel } from './compare-panel';
import { FeatureProbePanel } from './feature-probe-panel';
import { LossChart } from './loss-chart';
import { RatingsBlockPanel } from './ratings/ratings-block-panel';
import { RatingsResultsPanel } from './ratings/ratings-results-panel';
import { RatingsRmsePanel } from './ratings/ratings-rmse-panel';
import { RatingsScatterPanel } from './ratings/ratings-scatter-panel';
import { RatingsUserPanel } from './ratings/ratings-user-panel';
import { ReconstructionsPanel } from './reconstructions-panel';
import { ActivityQuintilePanel } from './recsys/activity-quintile-panel';
import { AmortizationGapPanel } from './recsys/amortization-gap-panel';
import { BetaAnnealPanel } from './recsys/beta-anneal-panel';
import { BetaSelectionPanel } from './recsys/beta-selection-panel';
import { HeldOutUserPanel } from './recsys/held-out-user-panel';
import { KlReconPanel } from './recsys/kl-recon-panel';
import { LikelihoodComparePanel } from './recsys/likelihood-compare-panel';
import { MovieLensPanel } from './recsys/movielens-panel';
import { RankSweepPanel } from './recsys/rank-sweep-panel';
import { RankingChartPanel } from './recsys/ranking-chart-panel';
import { RateMoviesPanel } from './recsys/rate-movies-panel';
import { ResultsTablePanel } from './recsys/results-table-panel';
import { UnitMoviesPanel } from './recsys/unit-movies-panel';
import { CodeActivityPanel } from './regularizers/code-activity-panel';
import { DenoisePanel } from './regularizers/denoise-panel';
import { DrawingPadPanel } from './regularizers/drawing-pad-panel';
import { JacobianPanel } from './regularizers/jacobian-panel';
import { SensitivityPanel } from './regularizers/sensitivity-panel';
import { BetaSchedulePanel } from './vae/beta-schedule-panel';
import { ElboChartPanel } from './vae/elbo-chart-panel';
import { GenerationPanel } from './vae/generation-panel';
import { KlBarsPanel } from './vae/kl-bars-panel';
import { LatentSpacePanel } from './vae/latent-space-panel';
import { RateDistortionPanel } from './vae/rate-distortion-panel';
import { PretrainingPanel } from './pretraining-panel';
import { RandomCodesPanel } from './random-codes-panel';
import { WeightsPanel } from './weights-panel';

/** Every panel by its id (a family lists ids; a missing component here is a compile error). */
export const PANELS: Record<PanelId, ComponentType> = {
  loss: LossChart,
  weights: WeightsPanel,
  reconstructions: ReconstructionsPanel,
  compare: ComparePanel,
  'code-activity': CodeActivityPanel,
  denoise: DenoisePanel,
  'drawing-pad': DrawingPadPanel,
  jacobian: JacobianPanel,
  sensitivity: SensitivityPanel,
  'vae-elbo': ElboChartPanel,
  'vae-beta': BetaSchedulePanel,
  'vae-rate-distortion': RateDistortionPanel,
  'vae-kl-bars': KlBarsPanel,
  'vae-latent': LatentSpacePanel,
  'vae-generation': GenerationPanel,
  'code-view': CodeViewPanel,
  'feature-probe': FeatureProbePanel,
  'code-map': CodeMapPanel,
  'random-codes': RandomCodesPanel,
  pretraining: PretrainingPanel,
  'recsys-ranking': RankingChartPanel,
  'recsys-kl': KlReconPanel,
  'recsys-beta': BetaAnnealPanel,
  'recsys-beta-select': BetaSelectionPanel,
  'recsys-results': ResultsTablePanel,
  'recsys-activity': ActivityQuintilePanel,
  'recsys-units': UnitMoviesPanel,
  'recsys-user': HeldOutUserPanel,
  'recsys-rate': RateMoviesPanel,
  'recsys-amortization': AmortizationGapPanel,
  'recsys-rank-sweep': RankSweepPanel,
  'recsys-likelihoods': LikelihoodComparePanel,
  'recsys-data': MovieLensPanel,
  'ratings-rmse': RatingsRmsePanel,
  'ratings-scatter': RatingsScatterPanel,
  'ratings-user': RatingsUserPanel,
  'ratings-results': RatingsResultsPanel,
  'ratings-block': RatingsBlockPanel,
};

/** The panels every image run shows: a walkthrough step embeds them by name. */
const SHARED: readonly PanelId[] = ['loss', 'weights', 'reconstructions', 'compare'];

/** A model's panels in its family's order, as [id, component] pairs (a bare name: its first task's family). */
export const familyPanels = (model: ModelName | ModelChoice): [PanelId, ComponentType][] =>
  (typeof model === 'string' ? familyOf(model) : familyFor(model)).panels
    .filter((id) => typeof model === 'string' || !isTable(model.dataset) || !PIXEL_PANELS.includes(id))
    .map((id) => [id, PANELS[id]]);

/** Panels that draw the input as pixel tiles: a table's rows are not images, so its runs leave them out. */
const PIXEL_PANELS: readonly PanelId[] = [
  'weights',
  'reconstructions',
  'compare',
  'denoise',
  'drawing-pad',
  'jacobian',
  'sensitivity',
  'vae-generation',
  'code-view',
  'random-codes',
];

/** The panels a model adds to the shared ones (what a walkthrough step's 'model' entry expands to). */
export const modelPanels = (model: ModelName | ModelChoice): [PanelId, ComponentType][] => familyPanels(model).filter(([id]) => !SHARED.includes(id));
