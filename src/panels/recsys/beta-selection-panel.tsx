import { useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useEngine } from '../../client/engine-context';
import { BETA_SWEEP, resolveAnnealSteps } from '../../settings/recsys-settings';
import { useLab } from '../../state/store';
import { PanelFrame } from '../panel-frame';
import { ndcgPeak, pairNdcgWithBeta, retrainCap, scheduleFollowed } from './beta-selection';
import { fmt, useRecsysReference } from './recsys-view';
import { fixedDigits } from '../live-lines';

/** Validation NDCG@100 against β for the current run (Liang et al. 2018, Fig. 1), its peak, and a retrain capped there. */
export function BetaSelectionPanel() {
  const engine = useEngine();
  const ready = useLab((s) => s.ready);
  const { betaCap, annealSteps, batchSize } = useLab((s) => s.settings);
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const reference = useRecsysReference();
  const [busy, setBusy] = useState(false);
  const steps = resolveAnnealSteps(annealSteps, reference?.counts.trainUsers ?? 1, batchSize);
  const schedule = useMemo(() => ({ annealSteps: steps, cap: betaCap }), [steps, betaCap]);
  const points = useMemo(
    () => pairNdcgWithBeta(history['val/ndcg@100'] ?? [], schedule),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
    [history, version, schedule],
  );
  const followed = useMemo(
    () => scheduleFollowed(history['train/beta'] ?? [], schedule),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
    [history, version, schedule],
  );
  const peak = ndcgPeak(points);
  const cap = peak ? retrainCap(peak.beta) : null;

  /** The controls' path (validated, URL hash, worker), then a fresh run that trains. */
  const apply = async (patch: Record<string, unknown>) => {
    setBusy(true);
    try {
      await engine.set(patch);
      await engine.reset();
      engine.play();
    } catch {
      // A refusal is already shown as a notice; the current run is untouched.
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelFrame name="recsys-beta-select" title="Choosing β: validation NDCG@100 against β" wide>
      <p className="hint">
        Liang et al.: anneal β to 1, watch validation NDCG, then retrain with β capped at the peak. β<sub>t</sub> = min(β<sub>cap</sub>, t / T), here β<sub>cap</sub> = {betaCap}{' '}
        and T = {steps.toLocaleString('en')}: a sweep is β<sub>cap</sub> = 1 with T = the updates you will train, so β reaches 1 at the run’s end. Each dot is one validation pass
        (every few seconds), at the β the schedule had reached.
      </p>
      {betaCap < 1 && (
        <p className="hint" data-testid="beta-select-capped">
          This run stops at β = {betaCap}: the curve cannot look past the cap. Start a sweep to try β up to 1.
        </p>
      )}
      {!followed && (
        <p className="notice error" role="alert" data-testid="beta-select-changed">
          β cap or anneal steps changed during this run, so the β of its earlier points is not the current rule’s. Start a fresh sweep before reading off the peak.
        </p>
      )}
      <div
        className="chart"
        data-testid="beta-select-chart"
        role="img"
        aria-label={`Validation NDCG@100 against β; ${peak ? `peak ${fmt(peak.ndcg)} at β = ${fmt(peak.beta)}` : 'no validation yet'}`}
      >
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="var(--grid)" />
            <XAxis dataKey="beta" type="number" domain={[0, Math.max(1, betaCap)]} stroke="var(--fg-dim)" tickFormatter={(v: number) => v.toFixed(2)} />
            <YAxis type="number" domain={['auto', 'auto']} stroke="var(--fg-dim)" width={48} tickFormatter={(v: number) => v.toFixed(3)} />
            <Tooltip formatter={fixedDigits(4)} labelFormatter={(l) => `β = ${typeof l === 'number' ? l.toFixed(3) : String(l)}`} />
            <Line type="linear" dataKey="ndcg" name="NDCG@100" stroke="var(--c1)" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            {peak && (
              <>
                <ReferenceLine x={peak.beta} stroke="var(--c2)" strokeDasharray="6 4" />
                <ReferenceDot
                  x={peak.beta}
                  y={peak.ndcg}
                  r={6}
                  fill="var(--c2)"
                  stroke="var(--panel)"
                  strokeWidth={2}
                  label={{ value: `best β ≈ ${cap}`, position: 'top', fill: 'var(--fg)' }}
                />
              </>
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="metric" data-testid="beta-select-best">
        {peak ? (
          <>
            peak NDCG@100 <strong>{fmt(peak.ndcg)}</strong> at β = <strong>{fmt(peak.beta)}</strong> (step {peak.step.toLocaleString('en')})
          </>
        ) : (
          'Waiting for the first validation pass.'
        )}
      </p>
      <p>
        <button
          type="button"
          className="primary"
          style={{ minWidth: 0, marginRight: '0.6rem' }}
          disabled={!ready || busy || cap === null || !followed}
          onClick={() => void apply({ betaCap: cap, annealSteps })}
          data-testid="beta-select-retrain"
        >
          Retrain with β capped at {cap ?? '—'}
        </button>
        <button
          type="button"
          style={{ minWidth: 0 }}
          disabled={!ready || busy}
          onClick={() => void apply({ ...BETA_SWEEP })}
          data-testid="beta-select-sweep"
          title={`β cap ${BETA_SWEEP.betaCap}, anneal steps ${BETA_SWEEP.annealSteps}: a fresh run that trains`}
        >
          Start a β sweep (β to 1 over {BETA_SWEEP.annealSteps.toLocaleString('en')} steps)
        </button>
      </p>
    </PanelFrame>
  );
}
