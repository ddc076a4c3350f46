import { parseMovieLensFiles } from '../data/movielens/parse-release';
import { MOVIELENS_RELEASES } from '../data/movielens/releases';
import type { MovieLensData, MovieLensId } from '../data/movielens/types';
import { readMovieLensZip } from '../data/movielens/zip';
import type { TaskLoadContext } from './task';

/** The lab's dataset names for the releases it serves from public/datasets/movielens/. */
export const DATASET_RELEASES: Record<string, MovieLensId> = {
  'movielens-100k': 'ml-100k',
  'movielens-latest-small': 'ml-latest-small',
};

export const HOW_TO_GET_MOVIELENS =
  'Run `MOVIELENS_DIR=/path/to/movielens npm run data` (a folder holding ml-100k/ and ml-latest-small/ as GroupLens ships them; ' +
  'with network access plain `npm run data` downloads them), then reload; or drop a GroupLens zip (ml-100k, ml-1m, ml-latest-small, ml-20m, ml-25m) on the page.';

/** A static server's index.html fallback for a missing file is not a MovieLens file. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    i < 64 &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)
  )
    i++;
  return bytes[i] === 0x3c; // '<'
}

/** Reads the MovieLens release the settings name (served files, or the dropped zip), with progress and cancel. */
export async function loadMovieLensData(ctx: TaskLoadContext): Promise<MovieLensData> {
  const dataset = ctx.settings.dataset;
  if (dataset === 'movielens-dropped') {
    const zip = ctx.dropped?.[0];
    if (!zip) throw new Error('No MovieLens zip has been dropped yet: drop one from GroupLens (ml-100k, ml-1m, ml-latest-small, ml-20m or ml-25m) on the page first.');
    const label = `Reading ${zip.name}…`;
    ctx.progress(label, 0, true);
    return readMovieLensZip(zip.bytes, { fileName: zip.name, signal: ctx.signal, onProgress: (f) => ctx.progress(label, f, true) });
  }
  const id = DATASET_RELEASES[dataset];
  if (!id) throw new Error(`${dataset} is not a MovieLens dataset this lab serves.`);
  const release = MOVIELENS_RELEASES[id];
  const base = `${ctx.datasetsUrl}movielens/${id}/`;
  const label = `Loading MovieLens ${id}…`;
  const fetchFile = async (name: string, from: number, to: number): Promise<Uint8Array> => {
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fetchBytes(base + name, (f) => ctx.progress(label, from + (to - from) * f, true), ctx.signal);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      throw new Error(`The MovieLens files are not here (${id}/${name}: ${(e as Error).message}). ${HOW_TO_GET_MOVIELENS}`);
    }
    if (looksLikeHtml(bytes)) throw new Error(`The MovieLens files are not here (${id}/${name} is missing). ${HOW_TO_GET_MOVIELENS}`);
    return bytes;
  };
  ctx.progress(label, 0, true);
  const ratings = await fetchFile(release.ratingsFile, 0, 0.4);
  const movies = await fetchFile(release.moviesFile, 0.4, 0.5);
  // u.genre is optional: the built-in list of ml-100k's 19 genres is the same.
  const genres = release.genresFile ? await fetchFile(release.genresFile, 0.5, 0.5).catch(() => undefined) : undefined;
  const parsing = `Parsing ${id}/${release.ratingsFile}…`;
  return parseMovieLensFiles(id, { ratings, movies, genres }, { signal: ctx.signal, onProgress: (f) => ctx.progress(parsing, 0.5 + 0.5 * f, true) });
}
