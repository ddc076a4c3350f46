import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseMoviesCsv, parseMoviesDat, parseUItem, parseUGenre, splitCsvLine, titleYear } from '../../src/data/movielens/movies-parser';
import { parseMovieLensFiles } from '../../src/data/movielens/parse-release';
import { parseRatings, parseRatingsChunked, RatingsParser } from '../../src/data/movielens/ratings-parser';
import { listZipEntries, readMovieLensZip, recogniseMovieLensZip } from '../../src/data/movielens/zip';
import { movieLensFixture } from './movielens-fixtures';

const read = (...p: string[]) => movieLensFixture(p.join('/'));
const enc = (s: string) => new TextEncoder().encode(s);

describe('ratings files', () => {
  it('reads u.data (tab), ratings.dat (::) and ratings.csv (header, CRLF)', () => {
    const a = parseRatings(read('ml-100k', 'u.data'), 'tab', 'u.data');
    expect(a.length).toBe(7);
    expect(Array.from(a.user)).toEqual([1, 1, 2, 2, 3, 3, 3]);
    expect(Array.from(a.item)).toEqual([1, 2, 1, 3, 2, 3, 1]);
    expect(Array.from(a.rating)).toEqual([5, 3, 4, 1, 4, 5, 2]);
    const b = parseRatings(read('ml-1m', 'ratings.dat'), 'dat', 'ratings.dat');
    expect(Array.from(b.item)).toEqual([1193, 661, 1193, 3408]);
    const c = parseRatings(read('ml-latest-small', 'ratings.csv'), 'csv', 'ratings.csv');
    expect(Array.from(c.user)).toEqual([1, 1, 2, 2]);
    expect(Array.from(c.item)).toEqual([1, 11, 1, 193609]);
    expect(Array.from(c.rating)).toEqual([4, 3.5, 0.5, 5]);
  });

  it('gives the same rows whatever the chunk size, with progress up to 1', async () => {
    const bytes = read('ml-latest-small', 'ratings.csv');
    const whole = parseRatings(bytes, 'csv', 'ratings.csv');
    for (const size of [1, 2, 7, 33]) {
      const p = new RatingsParser('csv', 'ratings.csv', 1); // capacity 16: growth is exercised below
      for (let i = 0; i < bytes.length; i += size) p.push(bytes.subarray(i, i + size));
      expect(p.finish()).toEqual(whole);
    }
    const seen: number[] = [];
    const chunked = await parseRatingsChunked(bytes, 'csv', 'ratings.csv', { chunkBytes: 10, onProgress: (f) => seen.push(f) });
    expect(chunked).toEqual(whole);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1])).toBe(true);
    expect(seen.at(-1)).toBe(1);
    const many = enc('1\t2\t4\t1\n'.repeat(100));
    expect(parseRatings(many, 'tab', 'u.data').length).toBe(100);
  });

  it('stops when the signal is aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(parseRatingsChunked(read('ml-1m', 'ratings.dat'), 'dat', 'ratings.dat', { signal: ctl.signal })).rejects.toThrow();
  });

  it('names the file and line of malformed input', () => {
    expect(() => parseRatings(read('ratings-truncated.csv'), 'csv', 'ratings.csv')).toThrow(
      'ratings.csv line 3: expected 4 columns (user, item, rating, timestamp), found 3: "1,3,4"',
    );
    expect(() => parseRatings(read('ratings-no-header.csv'), 'csv', 'ratings.csv')).toThrow(
      'ratings.csv line 1: expected the header "userId,movieId,rating,timestamp": "1,1,4.0,964982703"',
    );
    expect(() => parseRatings(read('ratings-bad-rating.dat'), 'dat', 'ratings.dat')).toThrow('ratings.dat line 2: the rating is not a number');
    expect(() => parseRatings(enc('1\t2\t4\n'), 'tab', 'u.data')).toThrow('u.data line 1: expected 4 columns');
    expect(() => parseRatings(enc('1\tx\t4\t5\n'), 'tab', 'u.data')).toThrow('u.data line 1: the item id is not a whole number');
    expect(() => parseRatings(enc('userId,movieId,rating,timestamp\n1,2,4.0,\n'), 'csv', 'r.csv')).toThrow('r.csv line 2: the timestamp');
    expect(() => parseRatings(new Uint8Array(0), 'csv', 'ratings.csv')).toThrow('ratings.csv is empty');
  });

  it('refuses a PNG renamed .csv', () => {
    expect(() => parseRatings(read('image.png.csv'), 'csv', 'image.png.csv')).toThrow('image.png.csv is not a MovieLens text file: it looks like a PNG image.');
    expect(() => parseMoviesCsv(read('image.png.csv'), 'movies.csv')).toThrow('looks like a PNG image');
  });
});

describe('movie files', () => {
  it('reads u.item (Latin-1) with u.genre', () => {
    const genres = parseUGenre(read('ml-100k', 'u.genre'));
    expect(genres).toHaveLength(19);
    expect(genres[4]).toBe("Children's");
    const m = parseUItem(read('ml-100k', 'u.item'), 'u.item', genres);
    expect(m.size).toBe(4);
    expect(m.get(1)).toEqual({ title: 'Toy Story (1995)', year: 1995, genres: ['Animation', "Children's", 'Comedy'] });
    expect(m.get(2)!.genres).toEqual(['Action', 'Adventure', 'Thriller']);
    expect(m.get(3)!.title).toBe('Misérables, Les (1995)'); // byte 0xE9 in Latin-1
    expect(m.get(4)).toEqual({ title: 'unknown', year: null, genres: ['unknown'] });
  });

  it('reads movies.dat and movies.csv (quotes, no genres, year ranges)', () => {
    const dat = parseMoviesDat(read('ml-1m', 'movies.dat'));
    expect(dat.get(661)).toEqual({ title: 'James and the Giant Peach (1996)', year: 1996, genres: ['Animation', "Children's", 'Musical'] });
    expect(dat.get(1000)!.title).toBe('Bálint (1999)');
    const csv = parseMoviesCsv(read('ml-latest-small', 'movies.csv'));
    expect(csv.size).toBe(5);
    expect(csv.get(11)).toEqual({ title: 'American President, The (1995)', year: 1995, genres: ['Comedy', 'Drama', 'Romance'] });
    expect(csv.get(99)).toEqual({ title: 'The "Quoted" Movie', year: null, genres: [] });
    expect(csv.get(100)).toEqual({ title: 'Città aperta (2007-2010)', year: 2007, genres: ['Drama'] });
    expect(splitCsvLine('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
    expect(splitCsvLine('a,"b')).toBeNull();
    expect(titleYear('Babylon 5')).toBeNull();
  });

  it('names the file and line of malformed movie rows', () => {
    expect(() => parseUItem(enc('1|Toy Story (1995)|01-Jan-1995\n'))).toThrow('u.item line 1: expected 24 columns, found 3');
    expect(() => parseMoviesDat(enc('1::A (1990)::Drama\nx::B (1991)::Drama\n'))).toThrow('movies.dat line 2: the movie id "x" is not a whole number.');
    expect(() => parseMoviesCsv(enc('movieId,title\n'))).toThrow('movies.csv line 1: expected the header "movieId,title,genres"');
    expect(() => parseMoviesCsv(enc('movieId,title,genres\n1,"Open (1990),Drama\n'))).toThrow('movies.csv line 2: a quoted field is not closed');
  });

  it('parses a release folder in one call', async () => {
    const d = await parseMovieLensFiles('ml-100k', { ratings: read('ml-100k', 'u.data'), movies: read('ml-100k', 'u.item') });
    expect(d.ratings.length).toBe(7);
    expect(d.movies.get(2)!.genres).toEqual(['Action', 'Adventure', 'Thriller']);
  });
});

describe('GroupLens zips', () => {
  const zipOf = (folder: string, files: Record<string, Uint8Array>) => zipSync(Object.fromEntries(Object.entries(files).map(([n, b]) => [`${folder}/${n}`, b])));

  it('recognises each release from the names inside and streams it', async () => {
    const z100k = zipOf('ml-100k', { 'u.data': read('ml-100k', 'u.data'), 'u.item': read('ml-100k', 'u.item'), 'u.genre': read('ml-100k', 'u.genre'), README: enc('x') });
    const seen: number[] = [];
    const d = await readMovieLensZip(z100k, { fileName: 'ml-100k.zip', chunkBytes: 64, onProgress: (f) => seen.push(f) });
    expect(d.id).toBe('ml-100k');
    expect(d.ratings.length).toBe(7);
    expect(d.movies.get(3)!.title).toBe('Misérables, Les (1995)');
    expect(seen.at(-1)).toBe(1);
    const z1m = zipOf('ml-1m', { 'ratings.dat': read('ml-1m', 'ratings.dat'), 'movies.dat': read('ml-1m', 'movies.dat') });
    expect((await readMovieLensZip(z1m)).ratings.length).toBe(4);
    for (const id of ['ml-latest-small', 'ml-20m', 'ml-25m'] as const) {
      const z = zipOf(id, {
        'links.csv': enc('movieId,imdbId,tmdbId\n'),
        'ratings.csv': read('ml-latest-small', 'ratings.csv'),
        'movies.csv': read('ml-latest-small', 'movies.csv'),
      });
      const got = await readMovieLensZip(z, { chunkBytes: 100 });
      expect(got.id).toBe(id);
      expect(Array.from(got.ratings.item)).toEqual([1, 11, 1, 193609]);
      expect(got.movies.size).toBe(5);
    }
  });

  it('reads a zip written as a stream (sizes in data descriptors, flag bit 3)', async () => {
    const z = read('ml-1m-streamed.zip'); // written as a stream, sizes in data descriptors
    expect(z[6] & 8).toBe(8);
    const d = await readMovieLensZip(z, { chunkBytes: 50 });
    expect(d.id).toBe('ml-1m');
    expect(Array.from(d.ratings.item)).toEqual([1193, 661, 1193, 3408]);
    expect(d.movies.get(1000)!.title).toBe('Bálint (1999)');
  });

  it('gives clear errors for anything else', async () => {
    expect(() => listZipEntries(read('image.png.csv'), 'ml-100k.zip')).toThrow('ml-100k.zip is not a zip archive (it looks like a PNG image).');
    const other = zipSync({ 'photos/cat.jpg': enc('meow'), 'notes.txt': enc('hi') });
    await expect(readMovieLensZip(other, { fileName: 'holiday.zip' })).rejects.toThrow(
      'holiday.zip is not a MovieLens zip from GroupLens (ml-100k, ml-1m, ml-latest-small, ml-20m, ml-25m): it holds photos/cat.jpg, notes.txt.',
    );
    expect(() => recogniseMovieLensZip(['ml-10M100K/ratings.dat', 'ml-10M100K/movies.dat'], 'ml-10m.zip')).toThrow(
      'ml-10m.zip holds ml-10M100K/ratings.dat, but not in a release this lab reads',
    );
    expect(() => recogniseMovieLensZip(['ml-20m/ratings.csv'], 'ml-20m.zip')).toThrow('ml-20m.zip holds ml-20m/ratings.csv but not ml-20m/movies.csv.');
    const bad = zipOf('ml-latest-small', { 'ratings.csv': read('ratings-truncated.csv'), 'movies.csv': read('ml-latest-small', 'movies.csv') });
    await expect(readMovieLensZip(bad)).rejects.toThrow('ratings.csv line 3: expected 4 columns');
    const z = zipOf('ml-1m', { 'ratings.dat': read('ml-1m', 'ratings.dat'), 'movies.dat': read('ml-1m', 'movies.dat') });
    await expect(readMovieLensZip(z.subarray(0, z.length - 60), { fileName: 'cut.zip' })).rejects.toThrow('cut.zip is a damaged zip archive');
  });
});
