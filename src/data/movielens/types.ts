/** The GroupLens releases this lab reads. */
export type MovieLensId = 'ml-100k' | 'ml-1m' | 'ml-latest-small' | 'ml-20m' | 'ml-25m';

/** How the ratings file separates columns: u.data (tab), ratings.dat ("::"), ratings.csv (comma + header). */
export type RatingsFormat = 'tab' | 'dat' | 'csv';

/** One row per rating, as parallel arrays; ids are GroupLens' own (not remapped). */
export interface Ratings {
  length: number;
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
}

export interface Movie {
  title: string;
  /** From the title's trailing "(1995)", else the release date; null when neither has one. */
  year: number | null;
  genres: string[];
}

export interface MovieLensData {
  id: MovieLensId;
  ratings: Ratings;
  movies: Map<number, Movie>;
}

/** Fraction of the work done, 0..1; may throw to cancel. */
export type ProgressCallback = (fraction: number) => void;
