import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ActivityGroup, ResultRow } from '../../engine/recsys-types';
import { PanelFrame } from '../panel-frame';
import { useRecsysExtras } from './recsys-view';
import { fixedDigits } from '../live-lines';

/** One colour per model, in results-table order (the theme has three; more models cycle on). */
const COLOURS = ['var(--c1)', 'var(--c2)', 'var(--c3)', '#8e6bbf', '#d08a2e', '#5f9e6e'];

/** "5–12 clicks": the range of total clicks (fold-in + targets) of one group. */
export const activityLabel = (g: ActivityGroup): string => (g.minClicks === g.maxClicks ? `${g.minClicks} clicks` : `${g.minClicks}–${g.maxClicks} clicks`);

/**
 * Chart rows, one per activity group, with each model's NDCG@100 under m0, m1, … (not the
 * model labels: recharts reads a dot in a dataKey as a path). The groups are the same for
 * every model (the same test users); the first row that has them names them.
 */
export function activityRows(rows: readonly ResultRow[]): Record<string, string | number>[] {
  const groups = rows.find((r) => r.test.byActivity?.length)?.test.byActivity ?? [];
  return groups.map((g, q) => {
    const point: Record<string, string | number> = { group: activityLabel(g), users: g.users };
    rows.forEach((r, i) => {
      const v = r.test.byActivity?.[q]?.ndcg100;
      if (v !== undefined && Number.isFinite(v)) point[`m${i}`] = v;
    });
    return point;
  });
}

/** Test NDCG@100 of each model in the results table, by user-activity quintile (least active left). */
export function ActivityQuintilePanel() {
  const extras = useRecsysExtras();
  const rows = extras?.results ?? [];
  const data = activityRows(rows);
  return (
    <PanelFrame name="recsys-activity" title="NDCG@100 by user activity" wide>
      <p className="hint">
        The test users in five equal-count groups by their number of clicks (fold-in + held-out), least active left; each bar is a model’s mean NDCG@100 over one group, at its best
        validation checkpoint. Liang et al. found the prior (the KL term) helps users with few clicks most and can hurt the most active ones, where a model without it (the
        Mult-DAE) does as well or better: the right-most groups show whether it does here. Each group holds only a fifth of the test users, so small gaps are noise.
      </p>
      {data.length === 0 ? (
        <p className="hint">No test metrics yet: they appear with the first validation.</p>
      ) : (
        <div className="chart" data-testid="activity-chart" role="img" aria-label={`Test NDCG@100 of ${rows.length} models in ${data.length} groups of users by activity`}>
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" vertical={false} />
              <XAxis dataKey="group" stroke="var(--fg-dim)" />
              <YAxis domain={[0, 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(2)} />
              <Tooltip formatter={fixedDigits(3)} labelFormatter={(l, p) => `${String(l)} (${String(p[0]?.payload?.users ?? '?')} users)`} />
              <Legend />
              {rows.map((r, i) => (
                <Bar key={r.label} dataKey={`m${i}`} name={r.label} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </PanelFrame>
  );
}
