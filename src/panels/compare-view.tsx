import { useMemo, useState, useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { COMPARE_METRICS, finalValue, firstLayerRows, runSeries } from '../runs/compare-weights';
import type { RunRecord } from '../state/run-record';
import { useLab } from '../state/store';
import { chartRows } from './chart-rows';
import { pixelsOf } from './image-shape';
import { TileGrid } from './tile-grid';
import { useImageShape } from './use-image-shape';
import { STEP_AXIS } from './live-axes';
import { fixedDigits, LIVE_LINE } from './live-lines';

/** Weight rows shown per run. */
const TILES = 16;
const MAX_DRAWN = 300;
/** One colour and dash per run, in turn: colour-blind-safe hues, told apart by dash as well. */
const STYLES = [
  { stroke: 'var(--c1)', dash: undefined },
  { stroke: 'var(--c2)', dash: '6 3' },
  { stroke: 'var(--c3)', dash: '2 3' },
  { stroke: 'var(--fg)', dash: '8 3 2 3' },
] as const;
const styleOf = (i: number) => STYLES[i % STYLES.length];
const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

/** The ticked runs side by side: one metric overlaid, and each run's first-layer weight rows with its final numbers. */
export function CompareView({ runs }: { runs: RunRecord[] }) {
  const [metric, setMetric] = useState<string>('test/reconstruction');
  const scale = useLab((s) => s.settings.tileScale);
  const logScale = useLab((s) => s.settings.logScale);
  const metricId = useId();
  const data = useMemo(
    () =>
      chartRows(
        runs.map((r, i) => [`r${i}`, runSeries(r, metric)] as const),
        MAX_DRAWN,
      ),
    [runs, metric],
  );
  const positive = metric !== 'diag/deadUnits' && metric !== 'diag/activeFraction';
  return (
    <>
      <div className="control" style={{ justifyContent: 'flex-start' }}>
        <label htmlFor={metricId}>Overlay</label>
        <select id={metricId} value={metric} onChange={(e) => setMetric(e.target.value)}>
          {COMPARE_METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="chart" data-testid="compare-chart">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis
              interval={logScale && positive ? 'preserveEnd' : 0}
              scale={logScale && positive ? 'log' : 'linear'}
              domain={['auto', 'auto']}
              allowDataOverflow
              stroke="var(--fg-dim)"
              width={56}
              tickFormatter={(v: number) => Number(v.toPrecision(3)).toString()}
            />
            <Tooltip formatter={fixedDigits(3)} />
            <Legend />
            {runs.map((r, i) => (
              <Line key={r.id} {...LIVE_LINE} dataKey={`r${i}`} name={r.name} stroke={styleOf(i).stroke} strokeDasharray={styleOf(i).dash} strokeWidth={2} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(190px, 1fr))', gap: '1rem', marginTop: '0.6rem' }} data-testid="compare-runs">
        {runs.map((r, i) => (
          <RunCard key={r.id} run={r} index={i} scale={scale} />
        ))}
      </div>
    </>
  );
}

function RunCard({ run, index, scale }: { run: RunRecord; index: number; scale: 'shared' | 'per-tile' }) {
  const image = useImageShape();
  const dim = image ? pixelsOf(image) : 0;
  const first = useMemo(() => (dim ? firstLayerRows(run.weights, dim) : null), [run.weights, dim]);
  const shown = Math.min(TILES, first?.count ?? 0);
  const jacobian = finalValue(run, 'diag/jacobianNorm');
  return (
    <figure data-testid="compare-run">
      <figcaption style={{ textAlign: 'left', color: 'var(--fg)', borderLeft: `4px solid ${styleOf(index).stroke}`, paddingLeft: '0.4rem', marginBottom: '0.3rem' }}>
        <strong>{run.name}</strong>
        <br />
        <span className="hint">
          step {run.step} · test reconstruction <strong data-testid="compare-final-loss">{fmt(finalValue(run, 'test/reconstruction'))}</strong> · test loss{' '}
          {fmt(finalValue(run, 'test/loss'))}
          {jacobian !== null && <> · ‖J‖²_F {fmt(jacobian, 3)}</>}
        </span>
      </figcaption>
      {first ? (
        <TileGrid
          values={first.rows}
          count={shown}
          columns={4}
          zoom={2}
          gap={2}
          colours="diverging"
          scale={scale}
          label={`First-layer weight rows of ${run.name}: ${shown} of ${first.count}`}
          testId="compare-weights"
          image={image}
        />
      ) : run.weights && image ? (
        <p className="hint">
          This run's saved weights have no first layer for {image.width}×{image.height} images, the size of the data in use.
        </p>
      ) : (
        <p className="hint">No saved weights for this run (weights are saved when training pauses).</p>
      )}
    </figure>
  );
}
