import { parseMoviesCsv, parseMoviesDat, parseUGenre, parseUItem } from './movies-parser';
import { MOVIELENS_RELEASES, type MovieLensRelease } from './releases';
import { parseRatingsChunked, type ChunkedOptions } from './ratings-parser';
import type { Movie, MovieLensData, MovieLensId } from './types';

export interface ReleaseFiles {
  ratings: Uint8Array;
  movies: Uint8Array;
  /** u.genre for ml-100k; the built-in list is used when absent. */
  genres?: Uint8Array;
}

/** Parses the movies file of a release (small: read in one go). */
export function parseReleaseMovies(release: MovieLensRelease, movies: Uint8Array, genres?: Uint8Array): Map<number, Movie> {
  switch (release.moviesFormat) {
    case 'u.item':
      return parseUItem(movies, release.moviesFile, genres ? parseUGenre(genres, release.genresFile) : undefined);
    case 'movies.dat':
      return parseMoviesDat(movies, release.moviesFile);
    case 'movies.csv':
      return parseMoviesCsv(movies, release.moviesFile);
  }
}

/** Parses a release's files (as read from its folder), the ratings in chunks with progress. */
export async function parseMovieLensFiles(id: MovieLensId, files: ReleaseFiles, options: ChunkedOptions = {}): Promise<MovieLensData> {
  const release = MOVIELENS_RELEASES[id];
  const ratings = await parseRatingsChunked(files.ratings, release.ratingsFormat, release.ratingsFile, options);
  return { id, ratings, movies: parseReleaseMovies(release, files.movies, files.genres) };
}

/** Distinct users and items and the rating count, to check a copy against GroupLens' figures. */
export function ratingCounts(data: MovieLensData): { ratings: number; users: number; ratedItems: number; movies: number } {
  return {
    ratings: data.ratings.length,
    users: new Set(data.ratings.user).size,
    ratedItems: new Set(data.ratings.item).size,
    movies: data.movies.size,
  };
}
