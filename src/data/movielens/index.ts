// MovieLens (GroupLens): parsers, zip reader and Liang et al.'s preprocessing.
export * from './types';
export { MOVIELENS_RELEASES, isMovieLensId, type MovieLensRelease } from './releases';
export { RatingsParser, parseRatings, parseRatingsChunked, type ChunkedOptions } from './ratings-parser';
export { parseMoviesCsv, parseMoviesDat, parseUItem, parseUGenre } from './movies-parser';
export { parseMovieLensFiles, parseReleaseMovies, ratingCounts, type ReleaseFiles } from './parse-release';
export { listZipEntries, readMovieLensZip, recogniseMovieLensZip, type RecognisedZip } from './zip';
export {
  PAPER_PROTOCOL,
  activeUsers,
  exportSplit,
  heldOutCount,
  preprocessMovieLens,
  splitInOrder,
  type HeldOutPart,
  type MovieLensSplit,
  type ProtocolOptions,
  type SplitCounts,
} from './protocol';
