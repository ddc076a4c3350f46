import { useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { beta, type BetaSchedule } from '../../math/beta-schedule';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { USED_LINE, usedBetaRows } from '../used-beta-line';
import { betaCurve, scheduleOf } from './vae-view';
import { BETA_STEP_AXIS, BETA_VALUE_AXIS } from '../live-axes';
import { fixedDigits } from '../live-lines';

/** The schedule in words, as on the board. */
function formula(s: BetaSchedule): string {
  switch (s.kind) {
    case 'constant':
      return `β = ${s.beta} at every step.`;
    case 'linear':
      return `Linear warm-up (Bowman et al. 2016): β = ${s.betaMax} · min(1, t / ${s.warmupSteps}).`;
    case 'cyclical':
      return `Cyclical (Fu et al. 2019): ${s.cycles} cycles over ${s.totalSteps} steps; β rises over the first ${Math.round((s.rampFraction ?? 0.5) * 100)}% of each, then holds at ${s.betaMax}.`;
    case 'logistic':
      return `Logistic: β = ${s.betaMax} / (1 + e^(−${s.k}(t − ${s.x0}))).`;
  }
}

/** β against the step, with a marker where training is now. Its parameters apply live (Model panel). */
export function BetaSchedulePanel() {
  const s = useLab((st) => st.settings);
  const step = useLab((st) => st.snapshot?.step ?? 0);
  const history = useLab((st) => st.history);
  const version = useLab((st) => st.historyVersion);
  const { betaSchedule, betaMax, betaWarmupSteps, betaCycles, betaRampFraction, betaTotalSteps, betaLogisticK, betaLogisticX0, freeBits } = s;
  const schedule = useMemo(
    () => scheduleOf({ betaSchedule, betaMax, betaWarmupSteps, betaCycles, betaRampFraction, betaTotalSteps, betaLogisticK, betaLogisticX0, freeBits }),
    [betaSchedule, betaMax, betaWarmupSteps, betaCycles, betaRampFraction, betaTotalSteps, betaLogisticK, betaLogisticX0, freeBits],
  );
  const curve = useMemo(() => (schedule ? betaCurve(schedule, step) : []), [schedule, step]);
  // What training actually used: the mean β of each chunk (history 'train/beta').
  // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
  const used = useMemo(() => usedBetaRows(history), [history, version]);
  const now = schedule ? beta(step, schedule) : null;
  return (
    <PanelFrame name="vae-beta" title="β schedule">
      <p className="hint">{schedule ? formula(schedule) : 'These settings do not make a schedule.'} Edit it in the Model panel while training runs.</p>
      <div className="chart" data-testid="beta-chart" role="figure" aria-label={`β schedule against training step; β is ${now?.toFixed(3) ?? 'unknown'} at step ${step}`}>
        <ResponsiveContainer width="100%" height={200}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis {...BETA_STEP_AXIS} />
            <YAxis {...BETA_VALUE_AXIS} />
            <Tooltip formatter={fixedDigits(3)} labelFormatter={(l) => `step ${String(l)}`} />
            <Line data={curve} type="linear" dataKey="beta" name="β(t)" stroke="var(--c1)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line data={used} {...USED_LINE} />
            <ReferenceLine x={step} stroke="var(--c2)" strokeDasharray="4 3" />
            {now !== null && <ReferenceDot x={step} y={now} r={6} fill="var(--c2)" stroke="var(--panel)" strokeWidth={2} ifOverflow="extendDomain" />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="metric">
        step <strong>{step}</strong> · β = <strong data-testid="beta-now">{now === null ? '—' : now.toFixed(4)}</strong>
        {s.freeBits > 0 && <span className="hint"> · free bits λ = {s.freeBits} nats per dimension</span>}
      </p>
    </PanelFrame>
  );
}
