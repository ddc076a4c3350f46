import { useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { cappedBeta, resolveAnnealSteps } from '../../settings/recsys-settings';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { USED_LINE, usedBetaRows } from '../used-beta-line';
import { useRecsysReference } from './recsys-view';
import { BETA_STEP_AXIS, BETA_VALUE_AXIS } from '../live-axes';
import { fixedDigits } from '../live-lines';

/** Mult-VAE's β = min(β_cap, t / annealSteps) against the step, with where training is now. */
export function BetaAnnealPanel() {
  const { betaCap, annealSteps, batchSize } = useLab((s) => s.settings);
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const reference = useRecsysReference();
  const trainUsers = reference?.counts.trainUsers ?? 1;
  const steps = resolveAnnealSteps(annealSteps, trainUsers, batchSize);
  const knee = betaCap * steps; // where the ramp meets the cap
  const horizon = Math.max(100, Math.ceil(knee * 1.5), Math.ceil(step * 1.1));
  const curve = useMemo(
    () => [0, Math.min(knee, horizon), horizon, step].sort((a, b) => a - b).map((t) => ({ step: t, beta: cappedBeta(t, steps, betaCap) })),
    [knee, horizon, step, steps, betaCap],
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
  const used = useMemo(() => usedBetaRows(history), [history, version]);
  const now = cappedBeta(step, steps, betaCap);
  const perEpoch = reference?.updatesPerEpoch;
  return (
    <PanelFrame name="recsys-beta" title="β annealing">
      <p className="hint">
        Liang et al.: β = min(β_cap, t / T) with β_cap = {betaCap} and T = {steps.toLocaleString('en')} updates
        {annealSteps === 'auto' && perEpoch !== undefined && ` (auto: 200,000 · ${perEpoch} / 234, the paper’s epochs at ${perEpoch} update${perEpoch === 1 ? '' : 's'} per epoch)`}
        ; β reaches the cap at step {Math.round(knee).toLocaleString('en')}. Edit β cap and anneal steps in the Model panel while training runs.
      </p>
      <div className="chart" data-testid="recsys-beta-chart" role="img" aria-label={`β against step; β is ${now.toFixed(3)} at step ${step}`}>
        <ResponsiveContainer width="100%" height={200}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...BETA_STEP_AXIS} />
            <YAxis {...BETA_VALUE_AXIS} />
            <Tooltip formatter={fixedDigits(3)} labelFormatter={(l) => `step ${String(l)}`} />
            <Line data={curve} type="linear" dataKey="beta" name="β(t)" stroke="var(--c1)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line data={used} {...USED_LINE} />
            <ReferenceDot x={step} y={now} r={6} fill="var(--c2)" stroke="var(--panel)" strokeWidth={2} ifOverflow="extendDomain" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        step <strong>{step}</strong> · β = <strong data-testid="recsys-beta-now">{now.toFixed(4)}</strong>
      </p>
    </PanelFrame>
  );
}
