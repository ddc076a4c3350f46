import { Zip, ZipDeflate } from 'fflate';

// Tiny hand-made MovieLens-format inputs for the parser tests, built in memory (nothing
// dataset-like is committed). Each is a few rows in the exact file format of a GroupLens release,
// with the edge cases the parsers must handle: latin-1 titles, quoted CSV, a truncated line,
// a missing header, a non-numeric rating, and a PNG posing as a CSV.

const utf8 = (s: string) => new TextEncoder().encode(s);
/** ml-100k and ml-1m are latin-1 encoded: one byte per character. */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

const TEXT: Record<string, Uint8Array> = {
  'ml-100k/u.data': utf8('1\t1\t5\t874965758\n1\t2\t3\t876893171\n2\t1\t4\t888550871\n2\t3\t1\t888551333\n3\t2\t4\t889237455\n3\t3\t5\t889237516\n3\t1\t2\t889237269\n'),
  'ml-100k/u.genre': utf8(
    "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\nCrime|6\nDocumentary|7\nDrama|8\nFantasy|9\nFilm-Noir|10\nHorror|11\nMusical|12\nMystery|13\nRomance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n\n",
  ),
  'ml-100k/u.item': latin1(
    '1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|GoldenEye (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?GoldenEye%20(1995)|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n3|Mis\u00e9rables, Les (1995)|01-Jan-1995||http://us.imdb.com/Title?Mis%E9rables%2C+Les+%281995%29|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0\n4|unknown|||http://us.imdb.com/|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n',
  ),
  'ml-1m/ratings.dat': utf8('1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n2::3408::4::978299839\n'),
  'ml-1m/movies.dat': latin1(
    "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n3408::Erin Brockovich (2000)::Drama\n1000::B\u00e1lint (1999)::Comedy\n",
  ),
  'ml-latest-small/ratings.csv': utf8('userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,11,3.5,964982224\r\n2,1,0.5,1445714994\r\n2,193609,5.0,1537109082\r\n'),
  'ml-latest-small/movies.csv': utf8(
    'movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n11,"American President, The (1995)",Comedy|Drama|Romance\r\n193609,"Andrew Dice Clay: Dice Rules (1991)",Comedy\r\n99,"The ""Quoted"" Movie",(no genres listed)\r\n100,Citt\u00e0 aperta (2007-2010) ,Drama\r\n',
  ),
  'ratings-bad-rating.dat': utf8('1::1193::5::978300760\n1::661::five::978302109\n'),
  'ratings-no-header.csv': utf8('1,1,4.0,964982703\r\n1,3,4.0,964981247\r\n'),
  'ratings-truncated.csv': utf8('userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4'),
  // The first bytes of a PNG image, named like a CSV.
  'image.png.csv': Uint8Array.from([
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 58, 126, 155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, 96, 0, 0, 0,
    2, 0, 1, 72, 175, 164, 113, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
  ]),
};

/** A zip written as a stream (sizes in data descriptors, flag bit 3), as from an unseekable writer. */
function streamedZip(entries: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, bytes] of Object.entries(entries)) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(bytes, true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** The fixtures by path: "ml-100k/u.data", "ratings-truncated.csv", "ml-1m-streamed.zip", … */
export const MOVIELENS_FIXTURES: Record<string, Uint8Array> = {
  ...TEXT,
  'ml-1m-streamed.zip': streamedZip({ 'ml-1m/ratings.dat': TEXT['ml-1m/ratings.dat'], 'ml-1m/movies.dat': TEXT['ml-1m/movies.dat'] }),
};

export function movieLensFixture(path: string): Uint8Array {
  const bytes = MOVIELENS_FIXTURES[path];
  if (!bytes) throw new Error(`No MovieLens fixture ${path}.`);
  return bytes;
}
