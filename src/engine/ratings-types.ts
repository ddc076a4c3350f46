// What the ratings task sends to the panels (plain data: no tfjs, no DOM).
import type { RatingScale } from '../data/movielens/ratings-split';
import type { MovieLensId } from '../data/movielens/types';
import type { ModelName } from '../families';
import type { RecsysItem } from './recsys-types';

/** RMSE and MAE of clipped predictions over one part's ratings. */
export interface RatingErrors {
  rmse: number;
  mae: number;
  n: number;
}

/** A baseline's errors on validation and test (the dashed lines and the table's first rows). */
export interface RatingBaselineResult {
  key: 'mean' | 'biases' | 'mf';
  label: string;
  validation: RatingErrors;
  test: RatingErrors;
}

/** A model's best-validation checkpoint. */
export interface RatingsBest {
  step: number;
  validation: RatingErrors;
  test: RatingErrors;
}

export interface RatingsResultRow extends RatingsBest {
  model: ModelName;
  label: string;
}

export interface RatingsReference {
  release: MovieLensId;
  scale: RatingScale;
  counts: { ratings: number; users: number; items: number; train: number; validation: number; test: number; coldTest: number };
  /** The matrix's columns: the movie behind each item index. */
  items: RecsysItem[];
  /** GroupLens user ids by user index. */
  userIds: number[];
  /** Global mean, biases (and MF once fitted). */
  baselines: RatingBaselineResult[];
  /** How a test rating with no training rating for its user or item is predicted. */
  fallback: string;
}

export interface RatingsExtras {
  /** The current weights' validation errors, when last computed. */
  validation: RatingErrors | null;
  best: RatingsBest | null;
  baselines: RatingBaselineResult[];
  /** Each trained model's latest best checkpoint on this split. */
  results: RatingsResultRow[];
}

/** One user: their rated movies with actual and predicted stars, and the unrated movies predicted highest. */
export interface RatingsUserView {
  index: number;
  count: number;
  userId: number;
  /** Item index, actual rating, predicted rating, and which part the rating is in. */
  rated: { item: number; actual: number; predicted: number; part: 'train' | 'validation' | 'test' }[];
  /** Unrated items by predicted rating, highest first. */
  top: { item: number; predicted: number }[];
}

/** Predicted against actual on (a sample of) the test ratings. */
export interface RatingsScatter {
  actual: Float32Array;
  predicted: Float32Array;
  rmse: number;
}

/**
 * A small block of R (users × items): observed training ratings (0 = missing), the model's
 * completion of the same block, and for one item the rows of its reconstruction the masked
 * error reaches (the weights that item's error updates).
 */
export interface RatingsBlock {
  users: number[];
  items: number[];
  /** users × items, row-major; 0 where unobserved. */
  observed: Float32Array;
  /** users × items, row-major: the model's predictions (clipped). */
  completed: Float32Array;
  /** The item whose error is drawn, and its users with a training rating (whose output weights get a gradient). */
  focusItem: number;
  updatedUsers: number[];
}
