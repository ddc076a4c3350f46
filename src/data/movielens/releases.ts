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
