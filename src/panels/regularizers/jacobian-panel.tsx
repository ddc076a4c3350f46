import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { chartRows } from '../chart-rows';
import { PanelFrame } from '../panel-frame';
import { formatTick } from './code-view';
import { liveValueAxis, STEP_AXIS } from '../live-axes';
import { fixedDigits, LIVE_LINE } from '../live-lines';

const SERIES = 'diag/jacobianNorm';
/** Other runs' lines: colour and dash, in turn (the current run is solid --c1). */
export const OVERLAY_STYLES = [
  { stroke: 'var(--c2)', dash: '6 3' },
  { stroke: 'var(--c3)', dash: '2 3' },
  { stroke: 'var(--fg)', dash: '8 3 2 3' },
  { stroke: 'var(--c2)', dash: '1 4' },
  { stroke: 'var(--c3)', dash: '10 4' },
] as const;

/**
 * Mean ‖J_f(x)‖²_F over 500 test digits (the first 50 for a stacked encoder) against the step (the contractive penalty without
 * its λ), for this run and for every ticked or pinned run that recorded it — so a plain
 * autoencoder and a contractive one can be compared on one chart.
 */
export function JacobianPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const logScale = useLab((s) => s.settings.logScale);
  const model = useLab((s) => s.settings.model);
  const runs = useLab((s) => s.runs);
  const overlayIds = useLab((s) => s.overlayIds);
  const currentId = useLab((s) => s.currentRunId);
  const others = useMemo(
    () => runs.filter((r) => r.id !== currentId && (r.pinned || overlayIds.includes(r.id)) && (r.history[SERIES]?.length ?? 0) > 0),
    [runs, overlayIds, currentId],
  );
  const data = useMemo(
    () => chartRows([['current', history[SERIES] ?? []], ...others.map((r, i) => [`run${i}`, r.history[SERIES]] as const)]),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version, others],
  );
  const last = history[SERIES]?.at(-1)?.value;
  const first = history[SERIES]?.[0]?.value;
  return (
    <PanelFrame name="jacobian" title="Encoder sensitivity ‖J_f(x)‖²_F">
      <p className="hint">
        How strongly the code reacts to a small change of the input, averaged over 500 test digits (the first 50 for a stacked encoder): Σ_j Σ_i (∂h_j/∂x_i)². The contractive
        penalty pushes it down{model === 'contractive' ? '' : '; this model has no such penalty'}. Tick other runs under Runs to draw them here too.
      </p>
      <div className="chart" data-testid="jacobian-chart">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis {...liveValueAxis(logScale)} width={52} tickFormatter={formatTick} />
            <Tooltip formatter={fixedDigits(3)} />
            <Legend />
            <Line {...LIVE_LINE} dataKey="current" name="this run" stroke="var(--c1)" strokeWidth={2} />
            {others.map((r, i) => {
              const style = OVERLAY_STYLES[i % OVERLAY_STYLES.length];
              return <Line key={r.id} {...LIVE_LINE} dataKey={`run${i}`} name={r.name} stroke={style.stroke} strokeDasharray={style.dash} />;
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        now <strong data-testid="jacobian-now">{last?.toFixed(3) ?? '—'}</strong>
        {first !== undefined && last !== undefined && <> · at the start {first.toFixed(3)}</>}
      </p>
    </PanelFrame>
  );
}
