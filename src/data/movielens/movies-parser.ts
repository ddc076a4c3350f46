import { assertText, decodeText, textLines } from './sniff';
import type { Movie } from './types';

/** ml-100k's 19 genres in the order of u.item's flag columns (as u.genre lists them). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];
export const MOVIES_CSV_HEADER = 'movieId,title,genres';

/** The year in a trailing "(1995)" (or "(2007-2013)"), else null. */
export function titleYear(title: string): number | null {
  const m = /\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title);
  return m ? Number(m[1]) : null;
}

function movieId(text: string, fileName: string, line: number): number {
  if (!/^\d{1,9}$/.test(text)) throw new Error(`${fileName} line ${line}: the movie id "${text}" is not a whole number.`);
  return Number(text);
}

function lines(bytes: Uint8Array, fileName: string, encoding: 'latin1' | 'utf-8'): string[] {
  assertText(bytes.subarray(0, 4096), fileName);
  return textLines(decodeText(bytes, encoding));
}

function columnError(fileName: string, line: number, want: number, got: number, text: string): Error {
  return new Error(`${fileName} line ${line}: expected ${want} columns, found ${got}: "${text.slice(0, 80)}"`);
}

/** u.genre: "name|index" per line → names by index. */
export function parseUGenre(bytes: Uint8Array, fileName = 'u.genre'): string[] {
  const names: string[] = [];
  lines(bytes, fileName, 'latin1').forEach((text, i) => {
    if (!text) return;
    const [name, index, ...rest] = text.split('|');
    if (index === undefined || rest.length) throw columnError(fileName, i + 1, 2, rest.length + (index === undefined ? 1 : 2), text);
    names[movieId(index, fileName, i + 1)] = name;
  });
  return names;
}

/** u.item (Latin-1): id|title|release date|video release date|IMDb URL|19 genre flags. */
export function parseUItem(bytes: Uint8Array, fileName = 'u.item', genres: string[] = ML100K_GENRES): Map<number, Movie> {
  const movies = new Map<number, Movie>();
  const want = 5 + genres.length;
  lines(bytes, fileName, 'latin1').forEach((text, i) => {
    if (!text) return;
    const cols = text.split('|');
    if (cols.length !== want) throw columnError(fileName, i + 1, want, cols.length, text);
    const id = movieId(cols[0], fileName, i + 1);
    const flags = cols.slice(5);
    if (flags.some((f) => f !== '0' && f !== '1')) {
      throw new Error(`${fileName} line ${i + 1}: genre flags must be 0 or 1: "${text.slice(0, 80)}"`);
    }
    const dateYear = /(\d{4})$/.exec(cols[2]);
    const year = titleYear(cols[1]) ?? (dateYear ? Number(dateYear[1]) : null);
    movies.set(id, { title: cols[1], year, genres: genres.filter((_, g) => flags[g] === '1') });
  });
  return movies;
}

const splitGenres = (g: string): string[] => (g === '(no genres listed)' || g === '' ? [] : g.split('|'));

/** movies.dat (ml-1m, Latin-1): MovieID::Title::Genres. */
export function parseMoviesDat(bytes: Uint8Array, fileName = 'movies.dat'): Map<number, Movie> {
  const movies = new Map<number, Movie>();
  lines(bytes, fileName, 'latin1').forEach((text, i) => {
    if (!text) return;
    const cols = text.split('::');
    if (cols.length !== 3) throw columnError(fileName, i + 1, 3, cols.length, text);
    movies.set(movieId(cols[0], fileName, i + 1), { title: cols[1], year: titleYear(cols[1]), genres: splitGenres(cols[2]) });
  });
  return movies;
}

/** One RFC 4180 line: fields split on commas, "quoted, fields" with "" for a quote; null if a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

/** movies.csv (ml-latest-small, ml-20m, ml-25m; UTF-8): movieId,title,genres with a header. */
export function parseMoviesCsv(bytes: Uint8Array, fileName = 'movies.csv'): Map<number, Movie> {
  const all = lines(bytes, fileName, 'utf-8');
  if (all[0] !== MOVIES_CSV_HEADER) {
    throw new Error(`${fileName} line 1: expected the header "${MOVIES_CSV_HEADER}", found "${(all[0] ?? '').slice(0, 80)}"`);
  }
  const movies = new Map<number, Movie>();
  for (let i = 1; i < all.length; i++) {
    if (!all[i]) continue;
    const cols = splitCsvLine(all[i]);
    if (!cols) throw new Error(`${fileName} line ${i + 1}: a quoted field is not closed: "${all[i].slice(0, 80)}"`);
    if (cols.length !== 3) throw columnError(fileName, i + 1, 3, cols.length, all[i]);
    const title = cols[1].trim();
    movies.set(movieId(cols[0], fileName, i + 1), { title, year: titleYear(title), genres: splitGenres(cols[2]) });
  }
  return movies;
}
