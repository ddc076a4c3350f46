import { useMemo } from 'react';
import { CartesianGrid, Legend, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../state/store';
import { chartRows } from '../chart-rows';
import { PanelFrame } from '../panel-frame';
import { fmt } from '../recsys/recsys-view';
import { BASELINE_COLOUR, mergeBaselines, useRatingsExtras, useRatingsReference } from './ratings-view';
import { STEP_AXIS, UNMEASURED_TICK } from '../live-axes';
import { fixedDigits, liveLines } from '../live-lines';

const SERIES = [
  { key: 'val/rmse', name: 'validation RMSE', colour: 'var(--c1)', width: 2.5 },
  { key: 'train/rmse', name: 'train RMSE', colour: 'var(--c2)', width: 1.5 },
] as const;

/** Where each baseline's label sits on its dashed line, so three close lines stay readable. */
const LABEL_POSITION = ['insideTopLeft', 'insideBottomRight', 'insideTopRight'] as const;

/** Validation RMSE against step, the baselines' validation RMSE as dashed lines and the best checkpoint marked. */
export function RatingsRmsePanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const reference = useRatingsReference();
  const extras = useRatingsExtras();
  const shown = SERIES.filter((s) => history[s.key]?.length);
  const data = useMemo(
    () => chartRows(SERIES.map(({ key }) => [key, history[key] ?? []] as const)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version],
  );
  const baselines = useMemo(() => mergeBaselines(reference?.baselines, extras?.baselines), [reference, extras]);
  const best = extras?.best ?? null;
  const now = extras?.validation?.rmse ?? history['val/rmse']?.at(-1)?.value;
  return (
    <PanelFrame name="ratings-rmse" title="Validation RMSE" wide>
      <p className="hint">
        Root mean squared error of the predicted stars (clipped to the scale) on the validation ratings, which training never sees. Lower is better. Dashed: the baselines on the
        same ratings; the dot marks the best checkpoint, the one the results table reports.
      </p>
      <div
        className="chart"
        data-testid="ratings-rmse-chart"
        role="img"
        aria-label={`Validation RMSE against step; now ${fmt(now)}; best ${fmt(best?.validation.rmse)}${baselines.map((b) => `; ${b.label} ${fmt(b.validation.rmse)}`).join('')}`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...STEP_AXIS} />
            <YAxis tick={UNMEASURED_TICK} interval={0} domain={['auto', 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={fixedDigits(4)} labelFormatter={(l) => `step ${String(l)}`} />
            <Legend />
            {liveLines(shown, data.length < 30)}
            {baselines.map((b, i) => (
              <ReferenceLine
                key={b.key}
                y={b.validation.rmse}
                ifOverflow="extendDomain"
                stroke={BASELINE_COLOUR[b.key]}
                strokeDasharray="6 4"
                label={{ value: `${b.label} ${fmt(b.validation.rmse)}`, position: LABEL_POSITION[i % LABEL_POSITION.length], fill: 'var(--fg-dim)' }}
              />
            ))}
            {best && best.step > 0 && (
              <ReferenceDot
                x={best.step}
                y={best.validation.rmse}
                r={5}
                ifOverflow="extendDomain"
                fill="var(--c1)"
                stroke="var(--panel)"
                strokeWidth={2}
                label={{ value: 'best', position: 'bottom', fill: 'var(--c1)' }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        validation RMSE now <strong data-testid="ratings-val-rmse">{fmt(now)}</strong> · best <strong data-testid="ratings-best-rmse">{fmt(best?.validation.rmse)}</strong>
        {best && (
          <>
            {' '}
            at step {best.step}, test RMSE <strong data-testid="ratings-best-test-rmse">{fmt(best.test.rmse)}</strong>
          </>
        )}
      </p>
      {baselines.length > 0 && (
        <p className="metric hint" data-testid="ratings-baseline-test">
          Test RMSE of the baselines:{' '}
          {baselines.map((b, i) => (
            <span key={b.key} data-baseline={b.key}>
              {i > 0 && ' · '}
              {b.label} {fmt(b.test.rmse)}
            </span>
          ))}
        </p>
      )}
    </PanelFrame>
  );
}
