import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { movieLensFixture } from './movielens-fixtures';

// Runs scripts/prepare-movielens.mjs into temporary folders (never into the project, and
// never against files.grouplens.org: downloads go to a local server).
const root = resolve(__dirname, '..', '..');
const script = join(root, 'scripts', 'prepare-movielens.mjs');
const DIR = resolve(root, process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');
const hasData = existsSync(join(DIR, 'ml-100k', 'u.data')) && existsSync(join(DIR, 'ml-latest-small', 'ratings.csv'));
const temp: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'movielens-prepare-'));
  temp.push(d);
  return d;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  // Nothing from the caller's MOVIELENS_* leaks in; downloads go nowhere unless a test serves them.
  const clean: NodeJS.ProcessEnv = { ...process.env, MOVIELENS_BASE_URL: 'http://127.0.0.1:1', ...env };
  if (!env.MOVIELENS_DIR) delete clean.MOVIELENS_DIR;
  return new Promise((done) => {
    execFile('node', [script, ...args], { env: clean, cwd: root }, (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }));
  });
}

describe('prepare-movielens.mjs', () => {
  it('refuses a local copy with the wrong counts (exit 1, nothing written)', async () => {
    const src = tmp();
    mkdirSync(join(src, 'ml-100k'));
    for (const f of ['u.data', 'u.item', 'u.genre']) writeFileSync(join(src, 'ml-100k', f), movieLensFixture(`ml-100k/${f}`));
    writeFileSync(join(src, 'ml-100k', 'README'), 'x');
    const out = tmp();
    const r = await run(['--out', out, '--only', 'ml-100k', '--no-download'], { MOVIELENS_DIR: src });
    expect(r.code).toBe(1);
    expect(r.out).toContain('ml-100k has 7 ratings, GroupLens ships 100000');
    expect(r.out).toContain('ml-100k has 3 users, GroupLens ships 943');
    expect(existsSync(join(out, 'ml-100k'))).toBe(false);
  });

  it('notes a failed download and exits 0', async () => {
    const out = tmp();
    const r = await run(['--out', out], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('movielens: note: could not download http://127.0.0.1:1/ml-100k.zip');
    expect(r.out).toContain('ml-latest-small is not prepared');
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });

  describe.skipIf(!hasData)(`with the real files (MOVIELENS_DIR=${DIR})`, () => {
    it('copies from MOVIELENS_DIR, checks, writes a manifest, and is idempotent', async () => {
      const out = tmp();
      const first = await run(['--out', out, '--no-download'], { MOVIELENS_DIR: DIR });
      expect(first.code).toBe(0);
      expect(first.out).toContain('ml-100k prepared from');
      const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(m.datasets['ml-100k']).toMatchObject({ ratings: 100000, users: 943, movies: 1682 });
      expect(m.datasets['ml-latest-small']).toMatchObject({ ratings: 100836, users: 610, movies: 9742 });
      expect(readFileSync(join(out, 'ml-latest-small', 'ratings.csv')).equals(readFileSync(join(DIR, 'ml-latest-small', 'ratings.csv')))).toBe(true);
      const second = await run(['--out', out, '--no-download'], { MOVIELENS_DIR: DIR });
      expect(second.out).toContain('ml-100k up to date');
      expect(second.out).toContain('ml-latest-small up to date');
      // A damaged copy in the output is noticed (size differs) and replaced.
      writeFileSync(join(out, 'ml-100k', 'u.data'), 'oops');
      const third = await run(['--out', out, '--no-download'], { MOVIELENS_DIR: DIR });
      expect(third.out).toContain('ml-100k prepared from');
      expect(third.out).toContain('ml-latest-small up to date');
    });

    it('downloads and unzips a release (from a local server)', async () => {
      const folder = join(DIR, 'ml-latest-small');
      const entries: Record<string, Uint8Array> = {};
      for (const f of ['ratings.csv', 'movies.csv', 'README.txt', 'links.csv']) entries[`ml-latest-small/${f}`] = new Uint8Array(readFileSync(join(folder, f)));
      const zip = zipSync(entries, { level: 1 });
      const server: Server = createServer((req, res) => {
        if (req.url === '/ml-latest-small.zip') res.writeHead(200, { 'content-type': 'application/zip' }).end(zip);
        else res.writeHead(404).end();
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const port = (server.address() as { port: number }).port;
      try {
        const out = tmp();
        const r = await run(['--out', out, '--only', 'ml-latest-small'], { MOVIELENS_BASE_URL: `http://127.0.0.1:${port}` });
        expect(r.code).toBe(0);
        expect(r.out).toContain(`ml-latest-small prepared from http://127.0.0.1:${port}/ml-latest-small.zip: 100836 ratings, 610 users, 9742 movies`);
        expect(existsSync(join(out, 'ml-latest-small', 'links.csv'))).toBe(false); // only the files the lab reads
        const r404 = await run(['--out', tmp(), '--only', 'ml-100k'], { MOVIELENS_BASE_URL: `http://127.0.0.1:${port}` });
        expect(r404.code).toBe(0);
        expect(r404.out).toContain('(HTTP 404 for');
      } finally {
        server.close();
      }
    });
  });
});
