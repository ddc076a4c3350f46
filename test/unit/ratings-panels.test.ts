import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import type { RatingsReferenceMessage, Snapshot } from '../../src/engine/protocol';
import type { QueryArgs, QueryName, QueryResult } from '../../src/engine/query-map';
import type { RatingBaselineResult, RatingsBlock, RatingsExtras, RatingsReference, RatingsScatter, RatingsUserView } from '../../src/engine/ratings-types';
import { PANELS } from '../../src/panels/panel-registry';
import { BACKPROP_RULE, BlockView, RatingsBlockPanel, blockLayout, blockSummary, drawBlock } from '../../src/panels/ratings/ratings-block-panel';
import { RatingsResultsPanel } from '../../src/panels/ratings/ratings-results-panel';
import { RatingsRmsePanel } from '../../src/panels/ratings/ratings-rmse-panel';
import { RatingsScatterPanel, ScatterView, drawScatter } from '../../src/panels/ratings/ratings-scatter-panel';
import { RatingsUserPanel, UserRatingsView, partRmse } from '../../src/panels/ratings/ratings-user-panel';
import { jitter, mergeBaselines, movieWithYear, starLevels, starMeans, type Palette } from '../../src/panels/ratings/ratings-view';
import { useLab, type LabState } from '../../src/state/store';

// Server-side renders of the ratings panels from a fake ratings reference, snapshot and history.
// renderToString reads a zustand store through its server snapshot, which is the store's
// *initial* state object: the tests patch that object (and put it back after each test).
// Effects do not run on the server, so a panel's live query is never sent: the answers of the
// fake engine's `query` are rendered through each panel's pure view instead.

const errors = (rmse: number, mae: number, n = 100) => ({ rmse, mae, n });

const BASELINES: RatingBaselineResult[] = [
  { key: 'mean', label: 'Global mean', validation: errors(1.1213, 0.9412), test: errors(1.1257, 0.9449) },
  { key: 'biases', label: 'User + item biases', validation: errors(0.9431, 0.7455), test: errors(0.9468, 0.7481) },
];
const MF: RatingBaselineResult = { key: 'mf', label: 'Biased MF', validation: errors(0.9172, 0.7213), test: errors(0.9214, 0.7239) };

const ITEMS = [
  { movieId: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Animation', 'Children', 'Comedy'] },
  { movieId: 2, title: 'Jumanji', year: 1995, genres: ['Adventure', 'Fantasy'] },
  { movieId: 3, title: 'Heat (1995)', year: 1995, genres: ['Action', 'Crime', 'Thriller'] },
  { movieId: 4, title: 'Casino (1995)', year: 1995, genres: ['Crime', 'Drama'] },
  { movieId: 5, title: 'Sabrina (1995)', year: 1995, genres: [] },
];

const RATINGS: RatingsReference = {
  release: 'ml-latest-small' as RatingsReference['release'],
  scale: { min: 1, max: 5, step: 1 },
  counts: { ratings: 1000, users: 3, items: ITEMS.length, train: 800, validation: 100, test: 100, coldTest: 7 },
  items: ITEMS,
  userIds: [11, 22, 33],
  baselines: BASELINES,
  fallback: 'Cold test ratings are predicted by the user + item biases.',
};

const REFERENCE: RatingsReferenceMessage = { kind: 'ratings', datasetDescription: 'fake ratings', nTrain: 800, nTest: 100, latent: 500, ratings: RATINGS };

const EXTRAS: RatingsExtras = {
  validation: errors(0.9123, 0.7101),
  best: { step: 1200, validation: errors(0.9051, 0.7012), test: errors(0.9087, 0.7044) },
  baselines: [...BASELINES, MF],
  results: [{ model: 'i-autorec', label: 'I-AutoRec', step: 1200, validation: errors(0.9051, 0.7012), test: errors(0.9087, 0.7044) }],
};

const SNAPSHOT = { kind: 'ratings', step: 1500, epoch: 3, samplesPerSecond: 100, increments: {}, diagnostics: {}, ratings: EXTRAS } as unknown as Snapshot;

const HISTORY = {
  'val/rmse': [
    { step: 500, value: 0.98 },
    { step: 1000, value: 0.92 },
    { step: 1500, value: 0.9123 },
  ],
  'train/rmse': [
    { step: 500, value: 0.95 },
    { step: 1500, value: 0.85 },
  ],
};

const USER: RatingsUserView = {
  index: 1,
  count: 3,
  userId: 22,
  rated: [
    { item: 0, actual: 5, predicted: 4.41, part: 'train' },
    { item: 2, actual: 4, predicted: 3.5, part: 'test' },
    { item: 3, actual: 2, predicted: 3, part: 'validation' },
  ],
  top: [
    { item: 1, predicted: 4.62 },
    { item: 4, predicted: 4.05 },
  ],
};

const SCATTER: RatingsScatter = { actual: new Float32Array([1, 1, 3, 5, 5, 5]), predicted: new Float32Array([2, 3, 3, 4, 4.5, 5]), rmse: 1.0206 };

const BLOCK: RatingsBlock = {
  users: [4, 9, 17],
  items: [0, 2, 3],
  observed: new Float32Array([5, 0, 0, 0, 4, 1, 3, 2, 0]),
  completed: new Float32Array([4.6, 3.1, 2.2, 3.3, 3.9, 1.4, 3.2, 2.3, 2.8]),
  focusItem: 2,
  updatedUsers: [9, 17, 250],
};

const calls: { name: string; args: unknown }[] = [];
const ANSWERS: { [Q in QueryName]?: QueryResult<Q> } = { ratingsUser: USER, ratingsScatter: SCATTER, ratingsBlock: BLOCK, restoreBest: { step: 1200 } };
const engine = {
  query: <Q extends QueryName>(name: Q, args: QueryArgs<Q>): Promise<QueryResult<Q>> => {
    calls.push({ name, args });
    const answer = ANSWERS[name] as QueryResult<Q> | undefined;
    return answer ? Promise.resolve(answer) : Promise.reject(new Error(`no fake answer for ${name}`));
  },
  set: () => Promise.resolve(),
} as unknown as EngineClient;

const initial = useLab.getInitialState();
const saved: LabState = { ...initial };

function withState(patch: Partial<LabState>): void {
  Object.assign(initial, patch);
  useLab.setState(patch);
}

afterEach(() => {
  Object.assign(initial, saved);
  useLab.setState(saved, true);
  calls.length = 0;
});

const ratingsState = (extras: RatingsExtras = EXTRAS): Partial<LabState> => ({
  reference: REFERENCE,
  snapshot: { ...SNAPSHOT, ratings: extras } as Snapshot,
  history: HISTORY,
  historyVersion: 3,
});

/** The markup with React's text separators removed, and its text content. */
function render<P extends object>(component: ComponentType<P>, props?: P): { html: string; text: string } {
  const html = renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(component as ComponentType<object>, props ?? {}))).replace(/<!-- -->/g, '');
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
  return { html, text };
}

const PALETTE: Palette = { fg: 'fg', dim: 'dim', line: 'line', grid: 'grid', panel: 'panel', c1: 'c1', c2: 'c2', c3: 'c3' };

interface Op {
  op: string;
  args: number[];
  fill: string;
  stroke: string;
  clipped: boolean;
}

/** A 2D context that records each drawing call with the colours in effect (no canvas in Node). */
function recordingContext(): { ctx: CanvasRenderingContext2D; ops: Op[] } {
  const ops: Op[] = [];
  const state = { fillStyle: '', strokeStyle: '', clipped: false };
  const stack: (typeof state)[] = [];
  const ctx = new Proxy(state as Record<string, unknown>, {
    get: (target, name) => {
      if (name in target) return target[name as string];
      return (...args: number[]) => {
        if (name === 'save') stack.push({ ...state });
        else if (name === 'restore') Object.assign(state, stack.pop());
        else if (name === 'clip') state.clipped = true;
        ops.push({ op: String(name), args, fill: state.fillStyle, stroke: state.strokeStyle, clipped: state.clipped });
      };
    },
    set: (target, name, value) => ((target[name as string] = value), true),
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, ops };
}

const textOf = (html: string, testId: string): string => {
  const m = new RegExp(`data-testid="${testId}"[^>]*>(.*?)</`).exec(html);
  return m ? m[1] : '';
};

describe('the ratings panels are registered', () => {
  it('maps each ratings panel id to its component', () => {
    expect(PANELS['ratings-rmse']).toBe(RatingsRmsePanel);
    expect(PANELS['ratings-scatter']).toBe(RatingsScatterPanel);
    expect(PANELS['ratings-user']).toBe(RatingsUserPanel);
    expect(PANELS['ratings-results']).toBe(RatingsResultsPanel);
    expect(PANELS['ratings-block']).toBe(RatingsBlockPanel);
  });

  it('renders every panel in its frame, with or without a ratings run, without asking the engine', () => {
    for (const id of ['ratings-rmse', 'ratings-scatter', 'ratings-user', 'ratings-results', 'ratings-block'] as const) {
      expect(render(PANELS[id]).html).toContain(`data-panel="${id}"`);
      withState(ratingsState());
      expect(render(PANELS[id]).html).toContain(`data-panel="${id}"`);
      Object.assign(initial, saved);
    }
    // Live queries run in effects, which a server render does not run.
    expect(calls).toEqual([]);
  });
});

describe('ratings-rmse', () => {
  it('shows the current and best validation RMSE, the best step and its test RMSE, and each baseline’s test RMSE in order', () => {
    withState(ratingsState());
    const { html, text } = render(RatingsRmsePanel);
    expect(textOf(html, 'ratings-val-rmse')).toBe('0.912');
    expect(textOf(html, 'ratings-best-rmse')).toBe('0.905');
    expect(textOf(html, 'ratings-best-test-rmse')).toBe('0.909');
    expect(text).toContain('at step 1200');
    // MF arrives with the snapshot; the reference's baselines come first, in the fixed order.
    expect(text).toContain('Test RMSE of the baselines: Global mean 1.126 · User + item biases 0.947 · Biased MF 0.921');
    expect(html).toMatch(/aria-label="Validation RMSE against step; now 0.912; best 0.905; Global mean 1.121; User \+ item biases 0.943; Biased MF 0.917"/);
  });

  it('falls back on the history’s last validation RMSE before the worker has computed one, and shows dashes with nothing', () => {
    withState(ratingsState({ ...EXTRAS, validation: null, best: null }));
    const { html, text } = render(RatingsRmsePanel);
    expect(textOf(html, 'ratings-val-rmse')).toBe('0.912');
    expect(textOf(html, 'ratings-best-rmse')).toBe('—');
    expect(text).not.toContain('at step');
    Object.assign(initial, saved);
    expect(textOf(render(RatingsRmsePanel).html, 'ratings-val-rmse')).toBe('—');
  });
});

describe('ratings-results', () => {
  it('lists the baselines in order, then the trained models, with validation and test RMSE and MAE to 3 decimals', () => {
    withState(ratingsState());
    const { html } = render(RatingsResultsPanel);
    const rows = [...html.matchAll(/<tr data-model="([^"]+)">(.*?)<\/tr>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')]);
    expect(rows.map((r) => r[0])).toEqual(['mean', 'biases', 'mf', 'i-autorec']);
    expect(rows[0][1]).toBe('|Global mean|—|1.121|0.941|1.126|0.945|');
    expect(rows[1][1]).toBe('|User + item biases|—|0.943|0.746|0.947|0.748|');
    expect(rows[2][1]).toBe('|Biased MF|—|0.917|0.721|0.921|0.724|');
    expect(rows[3][1]).toBe('|I-AutoRec|1200|0.905|0.701|0.909|0.704|');
    // The lowest of each column is bold: here every column is I-AutoRec's.
    expect(html.match(/data-best="true"/g)).toHaveLength(4);
    expect(html).toMatch(/<tr data-model="i-autorec">.*<strong title="lowest in this column">0.909<\/strong>/);
  });

  it('offers Restore best when there is a best checkpoint, and shows the fallback and the counts', () => {
    withState(ratingsState());
    const { html, text } = render(RatingsResultsPanel);
    expect(html).toMatch(/<button[^>]*data-testid="ratings-restore-best"[^>]*>Restore best<\/button>/);
    expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*data-testid="ratings-restore-best"/);
    expect(text).toContain('(step 1200, validation RMSE 0.905)');
    expect(text).toContain('Cold test ratings are predicted by the user + item biases.');
    expect(text).toContain('Ratings 1,000 by 3 users on 5 movies Train 800 Validation 100 Test 100 Cold test 7');
    withState(ratingsState({ ...EXTRAS, best: null }));
    expect(render(RatingsResultsPanel).html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="ratings-restore-best"/);
  });
});

describe('ratings-user', () => {
  it('offers a user index with previous and next', () => {
    withState(ratingsState());
    const { html, text } = render(RatingsUserPanel);
    expect(html).toMatch(/<label for="([^"]+)">User index<\/label><input id="\1" type="number" min="0" max="2" [^>]*value="0"/);
    expect(text).toContain('of 3 previous · next');
  });

  it('lists the user’s rated movies (test first, highlighted) with stars and parts, and the unrated ones predicted highest', async () => {
    const view = await engine.query('ratingsUser', { index: 1, n: 10 });
    const { html, text } = render(UserRatingsView, { view, items: ITEMS });
    const rows = [...html.matchAll(/<tr data-part="(\w+)"([^>]*)>(.*?)<\/tr>/g)].map((m) => ({
      part: m[1],
      highlighted: m[2].includes('background'),
      cells: m[3].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'),
    }));
    expect(rows).toEqual([
      { part: 'test', highlighted: true, cells: '|Heat (1995)|Action, Crime, Thriller|4|3.50|test|' },
      { part: 'validation', highlighted: false, cells: '|Casino (1995)|Crime, Drama|2|3.00|validation|' },
      { part: 'train', highlighted: false, cells: '|Toy Story (1995)|Animation, Children, Comedy|5|4.41|train|' },
    ]);
    expect(text).toContain('GroupLens user #22 rated 3 movies');
    expect(textOf(html, 'ratings-user-test-rmse')).toBe('0.500');
    // A title without its year gets it; a movie without genres says so.
    expect(text).toContain('Jumanji (1995) — Adventure, Fantasy 4.62 ★');
    expect(text).toContain('Sabrina (1995) — — 4.05 ★');
    expect(partRmse(view, 'validation')).toEqual({ rmse: 1, n: 1 });
    expect(partRmse({ ...view, rated: [] }, 'test')).toBeNull();
  });
});

describe('ratings-scatter', () => {
  it('shows the RMSE and the mean prediction per star from the query’s answer', async () => {
    const scatter = await engine.query('ratingsScatter', { n: 2000 });
    const { html } = render(ScatterView, { scatter, scale: RATINGS.scale });
    expect(textOf(html, 'ratings-scatter-rmse')).toBe('1.021');
    const means = [...html.matchAll(/<td [^>]*data-star="(\d)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(means).toEqual([
      ['1', '2.50'],
      ['2', '—'],
      ['3', '3.00'],
      ['4', '—'],
      ['5', '4.50'],
    ]);
    expect(html).toContain('aria-label="Predicted against actual stars for 6 test ratings; RMSE 1.021; mean predicted per star: 1★ 2.50, 3★ 3.00, 5★ 4.50"');
  });

  it('draws one jittered point per rating inside its star’s band, higher predictions higher up, and a mean bar per rated star', () => {
    const { ctx, ops } = recordingContext();
    const means = starMeans(SCATTER.actual, SCATTER.predicted, RATINGS.scale);
    drawScatter(ctx, PALETTE, SCATTER, RATINGS.scale, means);
    const points = ops.filter((o) => o.op === 'fillRect' && o.args[2] === 3 && o.fill === 'c1').map((o) => ({ x: o.args[0] + 1.5, y: o.args[1] + 1.5 }));
    expect(points).toHaveLength(SCATTER.actual.length);
    // Stars 1, 3, 5 sit in separate bands, left to right; within star 5, predicted 4 < 4.5 < 5 runs upwards.
    const band = (k: number) => points[k].x;
    expect(Math.max(band(0), band(1))).toBeLessThan(band(2));
    expect(band(2)).toBeLessThan(Math.min(band(3), band(4), band(5)));
    expect(points[3].y).toBeGreaterThan(points[4].y);
    expect(points[4].y).toBeGreaterThan(points[5].y);
    // The diagonal is dashed, then three orange mean bars (stars 1, 3 and 5) of width 3.
    expect(ops.some((o) => o.op === 'setLineDash' && (o.args as unknown as number[][])[0].length === 2)).toBe(true);
    const bars = ops.filter((o) => o.op === 'stroke' && o.stroke === 'c2');
    expect(bars).toHaveLength(3);
    // The bar for star 3 (mean 3) is drawn at the height of the point predicted 3 for star 3.
    const moves = ops.filter((o, i) => o.op === 'moveTo' && ops.slice(i).find((n) => n.op === 'stroke')?.stroke === 'c2');
    expect(moves[1].args[1]).toBeCloseTo(points[2].y, 6);
  });

  it('computes star levels, per-star means and a stable jitter within ±0.5', () => {
    expect(starLevels({ min: 0.5, max: 5, step: 0.5 })).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    const m = starMeans(new Float32Array([0.5, 4.5, 4.5]), new Float32Array([1, 4, 5]), { min: 0.5, max: 5, step: 0.5 });
    expect(m[0]).toEqual({ star: 0.5, n: 1, mean: 1 });
    expect(m[8]).toEqual({ star: 4.5, n: 2, mean: 4.5 });
    const js = Array.from({ length: 1000 }, (_, k) => jitter(k));
    expect(Math.min(...js)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...js)).toBeLessThan(0.5);
    expect(Math.abs(js.reduce((a, b) => a + b) / js.length)).toBeLessThan(0.05);
    expect(jitter(7)).toBe(jitter(7));
  });
});

describe('ratings-block', () => {
  it('finds the focus column and the block’s users whose output weights get a gradient', () => {
    expect(blockSummary(BLOCK)).toEqual({ rows: 3, cols: 3, focusColumn: 1, updatedRows: [false, true, true] });
    expect(blockSummary({ ...BLOCK, focusItem: 4 }).focusColumn).toBe(-1);
  });

  it('draws R with its missing cells hatched, R̂ in full, the focus column outlined in both and the ∇W strip', () => {
    const { ctx, ops } = recordingContext();
    drawBlock(ctx, PALETTE, BLOCK, blockSummary(BLOCK), RATINGS.scale);
    const { x1, x2 } = blockLayout(3, 3);
    // Four unobserved training cells (0 in `observed`): each hatched inside its own clip.
    expect(ops.filter((o) => o.op === 'clip')).toHaveLength(4);
    // Every cell of R̂ is filled; a dot marks the five observed ones.
    expect(ops.filter((o) => o.op === 'fillRect' && o.args[0] >= x1 && o.args[0] < x2 - 10 && o.args[2] === 18)).toHaveLength(9);
    expect(ops.filter((o) => o.op === 'arc')).toHaveLength(5);
    // The strip: rows 2 and 3 (users 9 and 17) filled green, row 1 (user 4) only outlined.
    const greens = ops.filter((o) => o.op === 'fillRect' && o.fill === 'c3').map((o) => o.args[1]);
    expect(greens).toEqual([22 + 18 + 1, 22 + 36 + 1]);
    expect(ops.filter((o) => o.op === 'strokeRect' && o.args[0] === x2 + 1.5).map((o) => o.args[1])).toEqual([22 + 1.5]);
    // The focus column (the second) outlined in orange in both grids.
    const outlines = ops.filter((o) => o.op === 'strokeRect' && o.stroke === 'c2').map((o) => o.args[0]);
    expect(outlines).toEqual([4 + 18 + 1, x1 + 18 + 1]);
  });

  it('draws the lecture’s sentence and says which users get a gradient, with a legend', async () => {
    const block = await engine.query('ratingsBlock', { users: 12, items: 16 });
    const { html, text } = render(BlockView, { block, scale: RATINGS.scale, items: ITEMS });
    expect(text).toContain(`“${BACKPROP_RULE}”`);
    expect(text).toContain('Focus movie: Heat (1995) (column 2, outlined)');
    expect(text).toContain('of the 3 users shown, 2 get a gradient on their output weights (green in the ∇W strip) and the other 1 get none (3 users in the whole matrix).');
    expect(text).toContain('1★ 5★ not rated focus movie ∇W: gets a gradient no gradient');
    expect(html).toContain('data-testid="ratings-block-canvas"');
    expect(html).toContain('2 of 3 users&#x27; output weights get a gradient');
  });
});

describe('ratings helpers', () => {
  it('merges the baselines by key in a fixed order, the snapshot’s replacing the reference’s', () => {
    const newer = { ...BASELINES[1], validation: errors(0.9, 0.7) };
    expect(mergeBaselines([MF, ...BASELINES], [newer]).map((b) => [b.key, b.validation.rmse])).toEqual([
      ['mean', 1.1213],
      ['biases', 0.9],
      ['mf', 0.9172],
    ]);
    expect(mergeBaselines(undefined, undefined)).toEqual([]);
  });

  it('appends the year to a title that lacks it', () => {
    expect(movieWithYear(ITEMS[0])).toBe('Toy Story (1995)');
    expect(movieWithYear(ITEMS[1])).toBe('Jumanji (1995)');
    expect(movieWithYear({ ...ITEMS[1], year: null })).toBe('Jumanji');
    expect(movieWithYear(undefined)).toBe('?');
  });
});
