import { useMemo } from 'react';
import { CartesianGrid, Legend, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { chartRows } from '../chart-rows';
import { PanelFrame } from '../panel-frame';
import { fmt, useRecsysExtras } from './recsys-view';
import { STEP_AXIS, UNMEASURED_TICK } from '../live-axes';
import { fixedDigits, liveLines } from '../live-lines';

const SERIES = [
  { key: 'val/ndcg@100', name: 'NDCG@100', colour: 'var(--c1)', width: 2.5 },
  { key: 'val/recall@20', name: 'Recall@20', colour: 'var(--c2)', width: 1.5 },
  { key: 'val/recall@50', name: 'Recall@50', colour: 'var(--c3)', width: 1.5 },
] as const;

/** Validation ranking quality against step, with popularity and EASE (when fitted) as dashed lines. */
export function RankingChartPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const extras = useRecsysExtras();
  const data = useMemo(
    () => chartRows(SERIES.map(({ key }) => [key, history[key] ?? []] as const)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version],
  );
  const baselines = extras?.baselines ?? [];
  const best = extras?.best;
  return (
    <PanelFrame name="recsys-ranking" title="Validation NDCG@100" wide>
      <p className="hint">
        Held-out validation users: the model scores every movie from 80% of a user’s clicks (fold-in, masked out of the ranking) and is judged on the other 20%. Measured every few
        seconds on the device (top-100). Dashed: popularity and EASE on the same users.
      </p>
      <div className="chart" data-testid="ndcg-chart" role="img" aria-label={`Validation NDCG@100 against step; best ${fmt(best?.validation.ndcg100)}`}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis tick={UNMEASURED_TICK} interval={0} domain={[0, 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={fixedDigits(4)} labelFormatter={(l) => `step ${String(l)}`} />
            <Legend />
            {liveLines(SERIES, data.length < 30)}
            {baselines.map((b, i) => (
              <ReferenceLine
                key={b.label}
                y={b.validation.ndcg100}
                ifOverflow="extendDomain"
                stroke={i === 0 ? 'var(--fg-dim)' : 'var(--fg)'}
                strokeDasharray="6 4"
                label={{ value: `${b.label} NDCG@100`, position: 'insideTopLeft', fill: 'var(--fg-dim)' }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        now <strong data-testid="val-ndcg">{fmt(extras?.validation?.ndcg100)}</strong> · best <strong data-testid="best-ndcg">{fmt(best?.validation.ndcg100)}</strong>
        {best && ` at step ${best.step}`}
      </p>
    </PanelFrame>
  );
}
