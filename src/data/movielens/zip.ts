import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { parseReleaseMovies } from './parse-release';
import { MOVIELENS_RELEASES, type MovieLensRelease } from './releases';
import { RatingsParser, yieldToEventLoop, type ChunkedOptions } from './ratings-parser';
import { binaryKind } from './sniff';
import type { MovieLensData } from './types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The file names in a zip, read from its central directory without inflating anything. */
export function listZipEntries(bytes: Uint8Array, fileName = 'the file'): string[] {
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    const kind = binaryKind(bytes.subarray(0, 4096));
    throw new Error(`${fileName} is not a zip archive${kind ? ` (it looks like ${kind})` : ''}.`);
  }
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new Error(`${fileName} is a damaged zip archive (${(e as Error).message}).`);
  }
  return names;
}

export interface RecognisedZip {
  release: MovieLensRelease;
  ratingsPath: string;
  moviesPath: string;
  genresPath?: string;
}

const KNOWN = Object.keys(MOVIELENS_RELEASES).join(', ');

/** Tells which GroupLens release a zip holds from the names inside (e.g. "ml-1m/ratings.dat"). */
export function recogniseMovieLensZip(names: string[], fileName = 'The zip'): RecognisedZip {
  const present = new Set(names.filter((n) => !n.startsWith('__MACOSX/')));
  for (const release of Object.values(MOVIELENS_RELEASES)) {
    const ratingsPath = `${release.id}/${release.ratingsFile}`;
    if (!present.has(ratingsPath)) continue;
    const moviesPath = `${release.id}/${release.moviesFile}`;
    if (!present.has(moviesPath)) throw new Error(`${fileName} holds ${ratingsPath} but not ${moviesPath}.`);
    const genresPath = release.genresFile && present.has(`${release.id}/${release.genresFile}`) ? `${release.id}/${release.genresFile}` : undefined;
    return { release, ratingsPath, moviesPath, genresPath };
  }
  const ratingLike = [...present].find((n) => /(^|\/)(ratings\.(csv|dat)|u\.data)$/.test(n));
  if (ratingLike) {
    throw new Error(`${fileName} holds ${ratingLike}, but not in a release this lab reads (${KNOWN}, each in its own folder as GroupLens ships it).`);
  }
  const shown = [...present].slice(0, 5).join(', ') + (present.size > 5 ? ', …' : '');
  throw new Error(`${fileName} is not a MovieLens zip from GroupLens (${KNOWN}): it holds ${shown || 'nothing'}.`);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads a GroupLens zip (ml-100k.zip, ml-1m.zip, ml-latest-small.zip, ml-20m.zip, ml-25m.zip):
 * recognises the release, then streams the ratings file through fflate's inflater straight
 * into the parser (the inflated text is never held whole), reporting progress by zip bytes.
 */
export async function readMovieLensZip(
  bytes: Uint8Array,
  { fileName = 'The zip', onProgress, signal, chunkBytes = 1 << 20 }: ChunkedOptions & { fileName?: string } = {},
): Promise<MovieLensData> {
  const found = recogniseMovieLensZip(listZipEntries(bytes, fileName), fileName);
  const { release } = found;
  const parser = new RatingsParser(release.ratingsFormat, release.ratingsFile, 1 << 20);
  const small: Record<string, Uint8Array[]> = { [found.moviesPath]: [] };
  if (found.genresPath) small[found.genresPath] = [];
  const done = new Set<string>();
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    const sink = file.name === found.ratingsPath ? null : small[file.name];
    if (file.name !== found.ratingsPath && !sink) return; // never inflated
    file.ondata = (err, data, final) => {
      if (err) failure ??= new Error(`${fileName}: ${file.name} could not be inflated (${err.message}).`);
      else if (sink) sink.push(data);
      else parser.push(data);
      if (final) done.add(file.name);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    signal?.throwIfAborted();
    unzip.push(bytes.subarray(at, at + chunkBytes), at + chunkBytes >= bytes.length);
    if (failure) throw failure;
    onProgress?.(Math.min(1, (at + chunkBytes) / bytes.length) * 0.98);
    await yieldToEventLoop();
  }
  for (const path of [found.ratingsPath, ...Object.keys(small)]) {
    if (!done.has(path)) throw new Error(`${fileName} ends before ${path} does (is the download truncated?).`);
  }
  const ratings = parser.finish();
  const genres = found.genresPath ? concat(small[found.genresPath]) : undefined;
  const movies = parseReleaseMovies(release, concat(small[found.moviesPath]), genres);
  onProgress?.(1);
  return { id: release.id, ratings, movies };
}
