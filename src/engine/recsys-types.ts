// What the MovieLens task sends to the panels (plain data: no tfjs, no DOM).
import type { SplitCounts } from '../data/movielens/protocol';
import type { MovieLensId } from '../data/movielens/types';
import type { ModelName } from '../families';

/** The three ranking metrics (Liang et al.'s cut-offs) by their RankingMetrics key. */
export type RankingMetricKey = 'ndcg100' | 'recall20' | 'recall50';

/** Mean NDCG@100 of one activity group of users (activity = fold-in + target clicks). */
export interface ActivityGroup {
  minClicks: number;
  maxClicks: number;
  users: number;
  ndcg100: number;
}

/** Mean metrics over the users of one held-out part (Liang et al.'s cut-offs). */
export interface RankingMetrics {
  users: number;
  ndcg100: number;
  recall20: number;
  recall50: number;
  /** Standard error of each mean over the users: SE = s / √n, s the sample SD (NaN under 2 users). */
  se: Record<RankingMetricKey, number>;
  /** NDCG@100 by activity quintile, least active first: test parts only (they pass the fold-in clicks). */
  byActivity?: ActivityGroup[];
}

/** A column of the click matrix: the movie behind it. */
export interface RecsysItem {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
}

export interface BaselineResult {
  model: 'popularity' | 'ease' | 'item-knn';
  label: string;
  /** EASE's λ (the fit it was measured with); absent for popularity. */
  lambda?: number;
  /** Item-kNN's neighbours k and shrink h (the fit it was measured with). */
  k?: number;
  shrink?: number;
  validation: RankingMetrics;
  test: RankingMetrics;
}

/** One row of the results table: a model's test metrics at its best validation checkpoint. */
export interface ResultRow {
  model: ModelName;
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
  /** Popularity always; EASE and item-kNN once fitted on this split. */
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
