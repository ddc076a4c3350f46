import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MOVIELENS_RELEASES } from '../../src/data/movielens/releases';
import { CLAIMS, claimById, type Claim } from '../../src/learn/claims';
import { compare, type Comparison } from '../../src/learn/evidence';
import { stepPatch } from '../../src/learn/step-preset';
import { PRESETS, presetSettings, type Preset } from '../../src/settings/presets';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { applyPatch } from '../../src/settings/validate';
import { recsysSession } from './movielens-session';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

// Every claim the walkthroughs state (src/learn/claims.ts) and every preset's promise
// (src/settings/presets.ts), run in Node on the engine the browser runs (a Session, WASM
// backend): the settings as a step or the preset applies them, the seed, the steps, then the
// latest point of the named series against the declared value. Runs that share settings and
// seed are trained once, checked at each declared step in turn. A claim or preset declared
// `below` a claim is then compared with it, measured against measured.

interface Check {
  name: string;
  series: string;
  op: Comparison;
  value: number;
  steps: number;
  /** The claim's id (preset promises have none). */
  claim?: string;
  /** The preset's id (claims have none). */
  preset?: string;
}

interface Group {
  settings: Settings;
  checks: Check[];
}

const DIR = resolve(process.cwd(), process.env.MOVIELENS_DIR ?? '../shared/datasets/movielens');
const MOVIELENS_IDS: Record<string, string> = { 'movielens-100k': 'ml-100k', 'movielens-latest-small': 'ml-latest-small' };

function settingsFor(patch: Record<string, unknown>, seed: number): Settings {
  const r = applyPatch(defaultSettings(), { ...patch, seed });
  if (r.errors.length) throw new Error(`claim settings refused: ${JSON.stringify(r.errors)}`);
  return r.settings;
}

const groups = new Map<string, Group>();
function add(settings: Settings, check: Check): void {
  const key = JSON.stringify(settings);
  const g = groups.get(key) ?? { settings, checks: [] };
  g.checks.push(check);
  groups.set(key, g);
}
const claimSettings = (c: Claim) => settingsFor(stepPatch(c.settings, defaultSettings()), c.seed);
const claimCheck = (c: Claim): Check => ({ name: `claim ${c.id}: ${c.says}`, ...c.criterion, steps: c.steps, claim: c.id });
for (const c of CLAIMS) add(claimSettings(c), claimCheck(c));
const presetSettingsOf = (p: Preset) => settingsFor(presetSettings(p, defaultSettings()), p.claim.seed);
const presetCheck = (p: Preset): Check => ({
  name: `preset ${p.id}: ${p.description}`,
  series: p.claim.series,
  op: p.claim.op,
  value: p.claim.value,
  steps: p.claim.steps,
  preset: p.id,
});
for (const p of PRESETS) add(presetSettingsOf(p), presetCheck(p));

/** A MovieLens release's folder, or null when the data is absent (then its claims skip). */
function movielensFolder(dataset: string): string | null {
  const id = MOVIELENS_IDS[dataset];
  if (!id) return null;
  const rel = MOVIELENS_RELEASES[id as keyof typeof MOVIELENS_RELEASES];
  return existsSync(join(DIR, id, rel.ratingsFile)) ? join(DIR, id) : null;
}

/** One MNIST session, its data loaded once: each group is a fresh run (its settings, then reset). */
let images: ReturnType<typeof createTestSession> | undefined;

type History = Record<string, { step: number; value: number }[]>;

async function runOn(settings: Settings): Promise<{ step: (n: number) => Promise<unknown>; history: () => History }> {
  if (settings.dataset in MOVIELENS_IDS) {
    // A fresh session per group (the clicks helper has no reset): the release is parsed again.
    const t = recsysSession((release, name) => {
      const file = join(DIR, release, name);
      return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
    });
    await t.init(settings);
    // Validation passes are paced by the clock: evaluate() measures at exactly the declared step.
    const evaluated: History = {};
    const step = async (n: number) => {
      const { step: at } = await t.step(n);
      for (const [k, value] of Object.entries(await t.evaluate())) (evaluated[k] ??= []).push({ step: at, value });
    };
    const history = () => {
      const h = t.history();
      for (const [k, pts] of Object.entries(evaluated)) (h[k] ??= []).push(...pts);
      return h;
    };
    return { step, history };
  }
  const fresh = !images;
  const t = (images ??= createTestSession());
  if (fresh) await t.init(settings);
  else {
    await t.set(settings);
    await t.session.handle({ type: 'reset', id: -1 });
  }
  return { step: t.step, history: () => t.session.metrics() };
}

async function runGroup(g: Group): Promise<{ check: Check; measured: number | undefined; at: number | undefined }[]> {
  const run = await runOn(g.settings);
  const out = [];
  let step = 0;
  for (const check of [...g.checks].sort((a, b) => a.steps - b.steps)) {
    if (check.steps > step) {
      await run.step(check.steps - step);
      step = check.steps;
    }
    const p = run.history()[check.series]?.at(-1);
    out.push({ check, measured: p?.value, at: p?.step });
  }
  return out;
}

/** Each claim's and each preset's measured value, as its group's run left it (the `below` comparisons read them). */
const measuredClaims = new Map<string, number>();
const measuredPresets = new Map<string, number>();

/** A claim's measured value: its group's, or (that group filtered out by -t) a run of its own. */
async function measuredClaim(c: Claim): Promise<number | undefined> {
  if (!measuredClaims.has(c.id)) {
    const [r] = await runGroup({ settings: claimSettings(c), checks: [claimCheck(c)] });
    if (r.measured !== undefined) measuredClaims.set(c.id, r.measured);
  }
  return measuredClaims.get(c.id);
}

/** A preset's measured value: its group's, or a run of its own. */
async function measuredPreset(p: Preset): Promise<number | undefined> {
  if (!measuredPresets.has(p.id)) {
    const [r] = await runGroup({ settings: presetSettingsOf(p), checks: [presetCheck(p)] });
    if (r.measured !== undefined) measuredPresets.set(p.id, r.measured);
  }
  return measuredPresets.get(p.id);
}

describe('declared claims and preset promises hold on the engine (Node, WASM)', () => {
  beforeAll(useTestBackend);
  for (const g of groups.values()) {
    const folder = movielensFolder(g.settings.dataset);
    const needsMovieLens = g.settings.dataset in MOVIELENS_IDS;
    const title = `${g.settings.model} on ${g.settings.dataset}: ${g.checks.map((c) => c.name.split(':')[0]).join(', ')}`;
    const skip = needsMovieLens && !folder;
    it.skipIf(skip)(
      skip ? `${title} (skipped: no ${MOVIELENS_IDS[g.settings.dataset]}/ under MOVIELENS_DIR=${DIR})` : title,
      async () => {
        const t0 = performance.now();
        const results = await runGroup(g);
        for (const r of results)
          console.log(
            `${r.check.name} — ${r.check.series} at step ${r.at}: ${r.measured?.toFixed(4)} (${r.check.op} ${r.check.value}); ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
        for (const r of results) if (r.check.claim && r.measured !== undefined && r.at === r.check.steps) measuredClaims.set(r.check.claim, r.measured);
        for (const r of results) if (r.check.preset && r.measured !== undefined && r.at === r.check.steps) measuredPresets.set(r.check.preset, r.measured);
        for (const r of results) {
          expect(r.at, `${r.check.name}: no ${r.check.series} point`).toBeGreaterThanOrEqual(r.check.steps);
          expect(compare(r.measured!, r.check.op, r.check.value), `${r.check.name}: ${r.check.series} = ${r.measured} is not ${r.check.op} ${r.check.value}`).toBe(true);
        }
      },
      240_000,
    );
  }
  for (const c of CLAIMS) {
    if (!c.below) continue;
    const other = claimById(c.below);
    it(`claim ${c.id} ends below claim ${other.id}: ${c.criterion.series} after ${c.steps} steps, measured against measured`, async () => {
      expect(other.criterion.series, 'the two claims measure different series').toBe(c.criterion.series);
      expect(other.steps, 'the two claims measure at different steps').toBe(c.steps);
      const [mine, theirs] = [await measuredClaim(c), await measuredClaim(other)];
      console.log(`claim ${c.id}: ${c.criterion.series} ${mine?.toFixed(4)} against claim ${other.id}: ${theirs?.toFixed(4)}`);
      expect(mine! < theirs!, `${c.id} measured ${mine}, not below ${other.id}'s ${theirs}`).toBe(true);
    }, 240_000);
  }
  for (const p of PRESETS) {
    if (!p.claim.below) continue;
    const other = claimById(p.claim.below);
    it(`preset ${p.id} ends below claim ${other.id}: ${p.claim.series} after ${p.claim.steps} steps, measured against measured`, async () => {
      expect(other.criterion.series, 'the preset and the claim measure different series').toBe(p.claim.series);
      expect(other.steps, 'the preset and the claim measure at different steps').toBe(p.claim.steps);
      const [mine, theirs] = [await measuredPreset(p), await measuredClaim(other)];
      console.log(`preset ${p.id}: ${p.claim.series} ${mine?.toFixed(4)} against claim ${other.id}: ${theirs?.toFixed(4)}`);
      expect(mine! < theirs!, `preset ${p.id} measured ${mine}, not below ${other.id}'s ${theirs}`).toBe(true);
    }, 240_000);
  }
});
