import { defineFamily } from './family';
import type { PanelId } from './panel-ids';

/** The ratings task's panels, shared by every rating predictor (the trained ones add the block view). */
export const RATINGS_PANELS: readonly PanelId[] = ['ratings-rmse', 'ratings-scatter', 'ratings-user', 'ratings-results'];

/** I-AutoRec and U-AutoRec differ only in what a row of the matrix is. */
export const autorecFamily = <N extends 'i-autorec' | 'u-autorec'>(f: { name: N; label: string; help: string; rows: 'items' | 'users' }) =>
  defineFamily({
    name: f.name,
    label: f.label,
    help: f.help,
    task: 'ratings',
    settings: ['autorecHidden', 'autorecLambda', 'autorecMask'],
    live: [],
    trains: true,
    ratingRows: f.rows,
    // No loss chart: its "test" line would be the training matrix again; the RMSE panel scores held-out ratings.
    panels: [...RATINGS_PANELS, 'ratings-block'],
    queries: ['ratingsUser', 'ratingsScatter', 'ratingsBlock', 'restoreBest', 'exportSplit'],
    build: async ({ settings: s, inputDim, seed, ratings }) =>
      (await import('../models/autorec')).createAutoRec({
        family: f.name,
        inputDim,
        rows: ratings.rows,
        hidden: s.autorecHidden,
        lambda: s.autorecLambda,
        masked: s.autorecMask,
        seed,
      }),
  });
