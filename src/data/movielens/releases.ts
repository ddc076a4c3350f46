import type { MovieLensId, RatingsFormat } from './types';

export type MoviesFormat = 'u.item' | 'movies.dat' | 'movies.csv';

export interface MovieLensRelease {
  id: MovieLensId;
  ratingsFile: string;
  moviesFile: string;
  /** ml-100k names its genres in a separate file; the others spell them out. */
  genresFile?: string;
  ratingsFormat: RatingsFormat;
  moviesFormat: MoviesFormat;
  /** The text encoding GroupLens used for the movies file. */
  moviesEncoding: 'latin1' | 'utf-8';
}

const csv = (id: MovieLensId): MovieLensRelease => ({
  id,
  ratingsFile: 'ratings.csv',
  moviesFile: 'movies.csv',
  ratingsFormat: 'csv',
  moviesFormat: 'movies.csv',
  moviesEncoding: 'utf-8',
});

/** Where each release keeps its files (inside a folder named after the release). */
export const MOVIELENS_RELEASES: Record<MovieLensId, MovieLensRelease> = {
  'ml-100k': {
    id: 'ml-100k',
    ratingsFile: 'u.data',
    moviesFile: 'u.item',
    genresFile: 'u.genre',
    ratingsFormat: 'tab',
    moviesFormat: 'u.item',
    moviesEncoding: 'latin1',
  },
  'ml-1m': {
    id: 'ml-1m',
    ratingsFile: 'ratings.dat',
    moviesFile: 'movies.dat',
    ratingsFormat: 'dat',
    moviesFormat: 'movies.dat',
    moviesEncoding: 'latin1',
  },
  'ml-latest-small': csv('ml-latest-small'),
  'ml-20m': csv('ml-20m'),
  'ml-25m': csv('ml-25m'),
};

export const isMovieLensId = (s: string): s is MovieLensId => Object.hasOwn(MOVIELENS_RELEASES, s);

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
