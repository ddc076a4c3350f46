import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseMovieLensFiles, ratingCounts } from '../../src/data/movielens/parse-release';
import { preprocessMovieLens, type HeldOutPart, type MovieLensSplit } from '../../src/data/movielens/protocol';
import { MOVIELENS_RELEASES } from '../../src/data/movielens/releases';
import type { MovieLensData, MovieLensId } from '../../src/data/movielens/types';
import { readMovieLensZip } from '../../src/data/movielens/zip';
import { easeSizeCheck, fitEase } from '../../src/math/ease';
import { itemPopularity } from '../../src/math/popularity';
import { easeScores } from './oracles/ease';
import { popularityScores } from './oracles/popularity';
import { evaluateRanking, type RankingSums } from './oracles/ranking';

// GroupLens' files are never copied into the project: they are read from MOVIELENS_DIR
// (default ../shared/datasets/movielens beside the project root).
const root = resolve(__dirname, '..', '..');
const DIR = resolve(root, process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');
const has = (id: string) => existsSync(join(DIR, id, MOVIELENS_RELEASES[id as MovieLensId].ratingsFile));
// EASE on ml-latest-small (≈6,000 items) takes minutes in Node: only on request.
const EASE_ALL = process.env.MOVIELENS_EASE_ALL === '1';
const EASE_LAMBDA = 300;
// Optional λ sweep on the validation users, e.g. MOVIELENS_EASE_LAMBDAS=50,100,200,500,1000.
const SWEEP = (process.env.MOVIELENS_EASE_LAMBDAS ?? '').split(',').filter(Boolean).map(Number);

interface Expected {
  ratings: number;
  users: number;
  movies: number;
  clicks: number; // ratings ≥ 4 (counted with awk on the raw files)
  kept: number; // users with ≥ 5 clicks
  heldOut: number; // max(1, round(kept · 10000/136677))
}

const EXPECTED: Record<'ml-100k' | 'ml-latest-small', Expected> = {
  'ml-100k': { ratings: 100000, users: 943, movies: 1682, clicks: 55375, kept: 938, heldOut: 69 },
  'ml-latest-small': { ratings: 100836, users: 610, movies: 9742, clicks: 48580, kept: 603, heldOut: 44 },
};

const fmt = (r: RankingSums) => `NDCG@100 ${r.ndcg[100].toFixed(4)}  Recall@20 ${r.recall[20].toFixed(4)}  Recall@50 ${r.recall[50].toFixed(4)}  (${r.users} users)`;

function readRelease(id: MovieLensId): Promise<MovieLensData> {
  const rel = MOVIELENS_RELEASES[id];
  const file = (name: string) => new Uint8Array(readFileSync(join(DIR, id, name)));
  return parseMovieLensFiles(id, { ratings: file(rel.ratingsFile), movies: file(rel.moviesFile), genres: rel.genresFile ? file(rel.genresFile) : undefined });
}

function popularityMetrics(s: MovieLensSplit, part: HeldOutPart): RankingSums {
  return evaluateRanking(popularityScores(itemPopularity(s.train.clicks), part.userIds.length), part.foldIn, part.targets);
}

for (const id of ['ml-100k', 'ml-latest-small'] as const) {
  const want = EXPECTED[id];
  const title = has(id) ? `real ${id}` : `real ${id} (skipped: no ${id}/ under MOVIELENS_DIR=${DIR})`;
  describe.skipIf(!has(id))(title, () => {
    let data: MovieLensData;
    let split: MovieLensSplit;

    it('parses to GroupLens’ counts, from the folder and from a zip', async () => {
      const t0 = performance.now();
      data = await readRelease(id);
      const ms = performance.now() - t0;
      const c = ratingCounts(data);
      console.log(`${id}: parsed in ${ms.toFixed(0)} ms:`, c);
      expect(c.ratings).toBe(want.ratings);
      expect(c.users).toBe(want.users);
      expect(c.movies).toBe(want.movies);
      const rel = MOVIELENS_RELEASES[id];
      const entries = Object.fromEntries(
        [rel.ratingsFile, rel.moviesFile, ...(rel.genresFile ? [rel.genresFile] : [])].map((n) => [`${id}/${n}`, new Uint8Array(readFileSync(join(DIR, id, n)))]),
      );
      const zipped = await readMovieLensZip(zipSync(entries, { level: 1 }), { fileName: `${id}.zip` });
      expect(zipped.id).toBe(id);
      expect(zipped.ratings).toEqual(data.ratings);
      expect(zipped.movies.size).toBe(want.movies);
    });

    it('preprocesses as Liang et al.', () => {
      split = preprocessMovieLens(data.ratings);
      const c = split.counts;
      const part = (p: HeldOutPart) => ({ users: p.userIds.length, skipped: p.skippedUserIds.length, droppedClicks: p.droppedClicks, targets: p.targets.indptr[p.targets.rows] });
      console.log(`${id}: split`, c, 'validation', part(split.validation), 'test', part(split.test));
      expect(c.clicks).toBe(want.clicks);
      expect(c.users).toBe(want.kept);
      expect(c.heldOutPerPart).toBe(want.heldOut);
      expect(c.trainUsers).toBe(want.kept - 2 * want.heldOut);
      expect(split.validation.userIds.length + split.validation.skippedUserIds.length).toBe(want.heldOut);
      expect(split.test.userIds.length + split.test.skippedUserIds.length).toBe(want.heldOut);
      expect(split.test.userIds.length).toBeGreaterThan(0.9 * want.heldOut);
    });

    it(
      'popularity and EASE baselines on the test users',
      () => {
        const test = split.test;
        const pop = popularityMetrics(split, test);
        console.log(`${id}: popularity  test ${fmt(pop)}  | validation ${fmt(popularityMetrics(split, split.validation))}`);
        expect(pop.ndcg[100]).toBeGreaterThan(0.1); // far above random ranking of ~1,500+ items
        const check = easeSizeCheck(split.counts.items);
        console.log(`${id}: EASE size check for ${split.counts.items} items: ${check.reason}`);
        if (id !== 'ml-100k' && !EASE_ALL) return;
        for (const lambda of SWEEP) {
          const t = performance.now();
          const m = fitEase(split.train.clicks, lambda);
          const v = evaluateRanking(easeScores(m, split.validation.foldIn), split.validation.foldIn, split.validation.targets);
          console.log(`${id}: EASE λ=${lambda} validation ${fmt(v)}  (fit ${(performance.now() - t).toFixed(0)} ms)`);
        }
        const t0 = performance.now();
        const model = fitEase(split.train.clicks, EASE_LAMBDA);
        const fitMs = performance.now() - t0;
        for (const [name, part] of [
          ['test', test],
          ['validation', split.validation],
        ] as const) {
          const r = evaluateRanking(easeScores(model, part.foldIn), part.foldIn, part.targets);
          console.log(`${id}: EASE λ=${EASE_LAMBDA} ${name} ${fmt(r)}  (fit ${fitMs.toFixed(0)} ms)`);
          if (name === 'test') {
            expect(r.ndcg[100]).toBeGreaterThan(pop.ndcg[100] + 0.03); // personalisation pays
            expect(r.recall[50]).toBeGreaterThan(pop.recall[50]);
          }
        }
      },
      EASE_ALL || SWEEP.length ? 3_600_000 : undefined,
    );
  });
}
