import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import type { Reference, Snapshot } from '../../src/engine/protocol';
import type { ActivityGroup, RankingMetrics, RecsysExtras, ResultRow } from '../../src/engine/recsys-types';
import { PANELS } from '../../src/panels/panel-registry';
import { ActivityQuintilePanel, activityLabel, activityRows } from '../../src/panels/recsys/activity-quintile-panel';
import { ResultsTablePanel } from '../../src/panels/recsys/results-table-panel';
import { fmtSe } from '../../src/panels/recsys/recsys-view';
import { familyOf } from '../../src/families';
import { useLab, type LabState } from '../../src/state/store';

// Server-side renders of the results table (± SE) and the activity-quintile panel from a fake
// clicks snapshot, patching the store's initial state as ratings-panels.test.ts does.

const groups = (...ndcg: number[]): ActivityGroup[] => ndcg.map((v, q) => ({ minClicks: 5 + 10 * q, maxClicks: 12 + 10 * q, users: 9, ndcg100: v }));
const metrics = (ndcg100: number, se: number, byActivity?: ActivityGroup[]): RankingMetrics => ({
  users: 45,
  ndcg100,
  recall20: ndcg100 - 0.05,
  recall50: ndcg100 + 0.1,
  se: { ndcg100: se, recall20: se + 0.002, recall50: se + 0.001 },
  ...(byActivity && { byActivity }),
});

const ROWS: ResultRow[] = [
  { model: 'popularity', label: 'Popularity', step: 0, validation: metrics(0.2, 0.02), test: metrics(0.212, 0.027, groups(0.3, 0.25, 0.2, 0.18, 0.13)) },
  { model: 'mult-vae', label: 'Mult-VAE (recommender)', step: 900, validation: metrics(0.43, 0.03), test: metrics(0.434, 0.031, groups(0.5, 0.47, 0.44, 0.41, 0.35)) },
];
const EXTRAS: RecsysExtras = { validation: ROWS[1].validation, best: { step: 900, validation: ROWS[1].validation, test: ROWS[1].test }, results: ROWS, baselines: [], units: null };
const SNAPSHOT = { kind: 'clicks', step: 1000, epoch: 3, samplesPerSecond: 100, increments: {}, diagnostics: {}, recsys: EXTRAS } as unknown as Snapshot;
const REFERENCE = {
  kind: 'clicks',
  datasetDescription: 'fake',
  nTrain: 500,
  nTest: 45,
  latent: 8,
  recsys: { test: { users: 45 }, counts: { items: 1000 } },
} as unknown as Reference;

const engine = { query: () => Promise.reject(new Error('no engine')), set: () => Promise.resolve() } as unknown as EngineClient;
const initial = useLab.getInitialState();
const saved: LabState = { ...initial };
function withState(patch: Partial<LabState>): void {
  Object.assign(initial, patch);
  useLab.setState(patch);
}
afterEach(() => {
  Object.assign(initial, saved);
  useLab.setState(saved, true);
});

const render = (component: ComponentType): string => renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(component))).replace(/<!-- -->/g, '');

describe('results table with standard errors', () => {
  it('shows each test metric ± its SE, the best in bold', () => {
    withState({ reference: REFERENCE, snapshot: SNAPSHOT });
    const html = render(ResultsTablePanel);
    const rows = [...html.matchAll(/<tr data-model="([^"]+)">(.*?)<\/tr>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')]);
    expect(rows).toEqual([
      ['popularity', '|Popularity|—|0.212 ± 0.027|0.162 ± 0.029|0.312 ± 0.028|'],
      ['mult-vae', '|Mult-VAE (recommender)|900|0.434 ± 0.031|0.384 ± 0.033|0.534 ± 0.032|'],
    ]);
    expect(html).toMatch(/<strong title="best in this column">0.434 ± 0.031<\/strong>/);
    expect(html).toMatch(/standard error over the test users/);
  });

  it('fmtSe leaves the ± out when the SE is undefined (one user)', () => {
    expect(fmtSe({ ...metrics(0.5, NaN) }, 'ndcg100')).toBe('0.500');
    expect(fmtSe(metrics(0.5, 0.0123), 'recall50')).toBe('0.600 ± 0.013');
  });
});

describe('recsys-activity', () => {
  it('is registered and shown by the Mult-VAE, Mult-DAE and EASE', () => {
    expect(PANELS['recsys-activity']).toBe(ActivityQuintilePanel);
    for (const model of ['mult-vae', 'mult-dae', 'ease'] as const) expect(familyOf(model).panels).toContain('recsys-activity');
  });

  it('builds one chart row per quintile with one value per model', () => {
    expect(activityLabel({ minClicks: 5, maxClicks: 12, users: 9, ndcg100: 0.4 })).toBe('5–12 clicks');
    expect(activityLabel({ minClicks: 7, maxClicks: 7, users: 9, ndcg100: 0.4 })).toBe('7 clicks');
    const data = activityRows(ROWS);
    expect(data).toHaveLength(5);
    expect(data[0]).toEqual({ group: '5–12 clicks', users: 9, m0: 0.3, m1: 0.5 });
    expect(data[4]).toEqual({ group: '45–52 clicks', users: 9, m0: 0.13, m1: 0.35 });
    // A row without the breakdown (a baseline scored elsewhere) is left out of the bars, not zero.
    expect(activityRows([{ ...ROWS[0], test: metrics(0.2, 0.02) }, ROWS[1]])[0]).toEqual({ group: '5–12 clicks', users: 9, m1: 0.5 });
    expect(activityRows([])).toEqual([]);
  });

  it('states Liang’s point in its caption, and waits without test metrics', () => {
    withState({ reference: REFERENCE, snapshot: SNAPSHOT });
    const html = render(ActivityQuintilePanel);
    expect(html).toMatch(/data-panel="recsys-activity"/);
    expect(html).toMatch(/the prior \(the KL term\) .* can hurt the most active ones/);
    expect(html).toMatch(/data-testid="activity-chart"/);
    withState({ snapshot: { ...SNAPSHOT, recsys: { ...EXTRAS, results: [] } } as Snapshot });
    expect(render(ActivityQuintilePanel)).toMatch(/No test metrics yet/);
  });
});
