// Puts MovieLens into public/datasets/movielens/<name>/ (generated, git-ignored) for the lab:
// ml-100k and ml-latest-small, exactly as GroupLens ships them, plus a manifest.json.
//
// Source: MOVIELENS_DIR (a folder holding ml-100k/ and/or ml-latest-small/ as unzipped from
// GroupLens); a release not found there is downloaded from files.grouplens.org and unzipped
// with fflate. A failed download is a note, not a failure (exit 0): the lab then offers the
// user to drop the zip. A local copy that fails the checks is never used (exit 1).
// Every copy is checked (file names, header, rating/user/movie counts) before it is written.
// Idempotent: a release already in the manifest with its files intact is skipped.
//
// Options: --out DIR (default public/datasets/movielens), --no-download,
// --only ml-100k,ml-latest-small (env MOVIELENS_OUT, MOVIELENS_NO_DOWNLOAD=1, MOVIELENS_DATASETS);
// MOVIELENS_BASE_URL replaces https://files.grouplens.org/datasets/movielens.
// Licence: ml-100k may not be redistributed without GroupLens' permission; ml-latest-small may,
// under its README's terms. The READMEs are copied along with the data.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';

const FORMAT_VERSION = 1;
const BASE_URL = process.env.MOVIELENS_BASE_URL ?? 'https://files.grouplens.org/datasets/movielens'; // a mirror, or a local server in tests
const root = join(dirname(new URL(import.meta.url).pathname), '..');

const RELEASES = {
  'ml-100k': {
    files: ['u.data', 'u.item', 'u.genre', 'README'],
    ratings: { file: 'u.data', separator: '\t', header: null },
    movies: { file: 'u.item', separator: '|', columns: 24, header: null },
    expected: { ratings: 100000, users: 943, movies: 1682 },
  },
  'ml-latest-small': {
    files: ['ratings.csv', 'movies.csv', 'README.txt'],
    ratings: { file: 'ratings.csv', separator: ',', header: 'userId,movieId,rating,timestamp' },
    movies: { file: 'movies.csv', separator: null, header: 'movieId,title,genres' },
    expected: { ratings: 100836, users: 610, movies: 9742 },
  },
};

function options(argv, env) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('--out') ?? env.MOVIELENS_OUT ?? join(root, 'public', 'datasets', 'movielens');
  const only = (arg('--only') ?? env.MOVIELENS_DATASETS ?? Object.keys(RELEASES).join(',')).split(',').filter(Boolean);
  for (const name of only) if (!RELEASES[name]) throw new Error(`Unknown release "${name}" (known: ${Object.keys(RELEASES).join(', ')}).`);
  const dir = env.MOVIELENS_DIR ? (isAbsolute(env.MOVIELENS_DIR) ? env.MOVIELENS_DIR : resolve(process.cwd(), env.MOVIELENS_DIR)) : null;
  return { out: resolve(out), only, dir, download: !argv.includes('--no-download') && env.MOVIELENS_NO_DOWNLOAD !== '1' };
}

const lines = (buf) => {
  const all = buf.toString('latin1').split(/\r?\n/);
  if (all.at(-1) === '') all.pop();
  return all;
};

/** Problems with a release's files (empty when it is a good copy) and its counts. */
export function checkRelease(name, files) {
  const rel = RELEASES[name];
  const problems = [];
  for (const f of rel.files) if (!files[f]) problems.push(`${name}/${f} is missing`);
  if (problems.length) return { problems };
  const ratingLines = lines(files[rel.ratings.file]);
  if (rel.ratings.header !== null && ratingLines.shift() !== rel.ratings.header) {
    problems.push(`${name}/${rel.ratings.file} does not start with the header "${rel.ratings.header}"`);
  }
  const users = new Set();
  let ratings = 0;
  for (const [i, line] of ratingLines.entries()) {
    if (!line) continue;
    const cols = line.split(rel.ratings.separator);
    if (cols.length !== 4 || !/^\d+$/.test(cols[0]) || !/^\d+$/.test(cols[1]) || Number.isNaN(Number(cols[2]))) {
      problems.push(`${name}/${rel.ratings.file} line ${i + 1 + (rel.ratings.header ? 1 : 0)} is not "user, item, rating, timestamp": "${line.slice(0, 60)}"`);
      break;
    }
    users.add(cols[0]);
    ratings++;
  }
  const movieLines = lines(files[rel.movies.file]).filter(Boolean);
  if (rel.movies.header !== null && movieLines.shift() !== rel.movies.header) {
    problems.push(`${name}/${rel.movies.file} does not start with the header "${rel.movies.header}"`);
  }
  if (rel.movies.columns && movieLines.some((l) => l.split(rel.movies.separator).length !== rel.movies.columns)) {
    problems.push(`${name}/${rel.movies.file} has lines without ${rel.movies.columns} columns`);
  }
  const counts = { ratings, users: users.size, movies: movieLines.length };
  for (const [k, v] of Object.entries(rel.expected)) {
    if (counts[k] !== v) problems.push(`${name} has ${counts[k]} ${k}, GroupLens ships ${v}`);
  }
  return { problems, counts };
}

function readLocal(dir, name) {
  const folder = join(dir, name);
  if (!existsSync(folder)) return null;
  const files = {};
  for (const f of RELEASES[name].files) if (existsSync(join(folder, f))) files[f] = readFileSync(join(folder, f));
  return files;
}

async function download(name) {
  const url = `${BASE_URL}/${name}.zip`;
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const zip = new Uint8Array(await response.arrayBuffer());
  const wanted = new Set(RELEASES[name].files.map((f) => `${name}/${f}`));
  const entries = unzipSync(zip, { filter: (f) => wanted.has(f.name) });
  return Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [path.slice(name.length + 1), Buffer.from(bytes)]));
}

/** True when the manifest lists the release and its files are still there at their sizes. */
function upToDate(manifest, out, name) {
  const entry = manifest?.datasets?.[name];
  if (!entry || manifest.version !== FORMAT_VERSION) return false;
  return RELEASES[name].files.every((f) => {
    const p = join(out, name, f);
    return existsSync(p) && statSync(p).size === entry.files?.[f];
  });
}

async function main() {
  const o = options(process.argv.slice(2), process.env);
  const manifestPath = join(o.out, 'manifest.json');
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  const datasets = manifest?.version === FORMAT_VERSION ? { ...manifest.datasets } : {};
  let failed = false;
  for (const name of o.only) {
    if (upToDate(manifest, o.out, name)) {
      console.log(`movielens: ${name} up to date (${join(o.out, name)})`);
      continue;
    }
    let files = o.dir ? readLocal(o.dir, name) : null;
    let source = files ? join(o.dir, name) : null;
    if (files) {
      const { problems } = checkRelease(name, files);
      if (problems.length) {
        console.error(`movielens: ${source} is not a good copy of ${name}, not used:\n  - ${problems.join('\n  - ')}`);
        failed = true;
        continue;
      }
    } else if (o.download) {
      source = `${BASE_URL}/${name}.zip`;
      try {
        files = await download(name);
      } catch (e) {
        console.warn(
          `movielens: note: could not download ${source} (${e.cause?.code ?? e.message}); ${name} is not prepared. The lab can still read the zip when dropped on it, or set MOVIELENS_DIR.`,
        );
        continue;
      }
      const { problems } = checkRelease(name, files);
      if (problems.length) {
        console.warn(`movielens: note: the download of ${name} failed the checks, not used:\n  - ${problems.join('\n  - ')}`);
        continue;
      }
    } else {
      console.warn(`movielens: note: ${name} not found${o.dir ? ` in ${o.dir}` : ''} and downloads are off; skipped.`);
      continue;
    }
    const { counts } = checkRelease(name, files);
    mkdirSync(join(o.out, name), { recursive: true });
    for (const f of RELEASES[name].files) writeFileSync(join(o.out, name, f), files[f]);
    datasets[name] = {
      source,
      files: Object.fromEntries(RELEASES[name].files.map((f) => [f, files[f].length])),
      ...counts,
    };
    mkdirSync(o.out, { recursive: true });
    writeFileSync(manifestPath, JSON.stringify({ version: FORMAT_VERSION, datasets }, null, 2));
    console.log(`movielens: ${name} prepared from ${source}: ${counts.ratings} ratings, ${counts.users} users, ${counts.movies} movies`);
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(`movielens: ${e.message}`);
    process.exitCode = 1;
  });
}
