// What the MovieLens task sends to the panels (plain data: no tfjs, no DOM).
import type { SplitCounts } from '../data/movielens/protocol';
import type { MovieLensId } from '../data/movielens/types';

/** Mean metrics over the users of one held-out part (Liang et al.'s cut-offs). */
export interface RankingMetrics {
  users: number;
  ndcg100: number;
  recall20: number;
  recall50: number;
}

/** A column of the click matrix: the movie behind it. */
export interface RecsysItem {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
}

export interface BaselineResult {
  model: 'popularity' | 'ease';
  label: string;
  validation: RankingMetrics;
  test: RankingMetrics;
}

/** One row of the results table: a model's test metrics at its best validation checkpoint. */
export interface ResultRow {
  model: string;
  label: string;
  /** The step of the best validation NDCG@100 (0 for closed-form models). */
  step: number;
  validation: RankingMetrics;
  test: RankingMetrics;
}

export interface RecsysReference {
  release: MovieLensId;
  counts: SplitCounts;
  validation: { users: number; skipped: number; targets: number };
  test: { users: number; skipped: number; targets: number };
  items: RecsysItem[];
  /** Popularity always; EASE once it has been fitted on this split. */
  baselines: BaselineResult[];
  /** The Mult-VAE's annealSteps when 'auto', at the current batch size. */
  autoAnnealSteps: number;
  updatesPerEpoch: number;
}

/** The movies a code unit writes most strongly into the scores (last decoder layer's rows). */
export interface UnitMovies {
  unit: number;
  norm: number;
  items: number[];
}

export interface RecsysExtras {
  /** Latest validation metrics of the current model, when they were computed. */
  validation: RankingMetrics | null;
  best: { step: number; validation: RankingMetrics; test: RankingMetrics } | null;
  results: ResultRow[];
  baselines: BaselineResult[];
  units: UnitMovies[] | null;
}

export interface HeldOutUserView {
  part: 'validation' | 'test';
  index: number;
  count: number;
  userId: number;
  foldIn: number[];
  targets: number[];
  recommended: number[];
}

export const MOVIELENS_CITATION =
  'F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4, Article 19.';

const NO_REDISTRIBUTION = 'not for commercial use; no redistribution without GroupLens’ separate permission; cite the paper below.';
const SAME_LICENCE = 'not for commercial use without GroupLens’ permission; may be redistributed (with transformations) under the same licence; cite the paper below.';

/** The gist of each release's README (the README itself is the licence). */
export const MOVIELENS_LICENCE: Record<MovieLensId, string> = {
  'ml-100k': `MovieLens 100K (GroupLens, University of Minnesota): ${NO_REDISTRIBUTION}`,
  'ml-1m': `MovieLens 1M (GroupLens, University of Minnesota): ${NO_REDISTRIBUTION}`,
  'ml-latest-small': `MovieLens latest-small (GroupLens, University of Minnesota): ${SAME_LICENCE}`,
  'ml-20m': `MovieLens 20M (GroupLens, University of Minnesota): ${SAME_LICENCE}`,
  'ml-25m': `MovieLens 25M (GroupLens, University of Minnesota): ${SAME_LICENCE}`,
};
