import { useEffect, useMemo, useRef, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import type { CompareProgress } from '../../runs/compare-run';
import { RD_TRACE, traceCurve } from '../../runs/rd-trace';
import { useRuns } from '../../runs/runs-context';
import { notify, useLab } from '../../state/store';
import { CountInput } from '../count-input';
import { PanelFrame } from '../panel-frame';
import { drawRateDistortion, type RdPoint } from './rate-distortion-canvas';
import { formatBeta, monotoneCheck, overlayRuns } from './rate-distortion-runs';
import { joinByStep } from './vae-view';

const MAX_POINTS = 600;
const MAX_TRACE_STEPS = 100_000;

/** The run's path in the rate–distortion plane, coloured by β (after Alemi et al. 2018), with pinned and ticked runs' end points. */
export function RateDistortionPanel() {
  const history = useLab((s) => s.history);
  const version = useLab((s) => s.historyVersion);
  const settings = useLab((s) => s.settings);
  const runs = useLab((s) => s.runs);
  const overlayIds = useLab((s) => s.overlayIds);
  const currentId = useLab((s) => s.currentRunId);
  const ref = useRef<HTMLCanvasElement>(null);
  const points = useMemo((): RdPoint[] => {
    const rows = joinByStep({ rate: history['train/kl'], distortion: history['train/reconstruction'], beta: history['train/beta'] });
    const k = Math.ceil(rows.length / MAX_POINTS);
    return rows.filter((_, i) => i % k === 0 || i === rows.length - 1).map((r) => ({ step: r.step, rate: r.rate, distortion: r.distortion, beta: r.beta }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- history is appended to in place: historyVersion is what changes
  }, [history, version]);
  // Other runs as the loss charts pick them (pinned or ticked), kept when they share the model, data and K.
  const overlay = useMemo(() => overlayRuns(runs, overlayIds, currentId, settings), [runs, overlayIds, currentId, settings]);
  const check = useMemo(() => monotoneCheck(overlay.drawn), [overlay]);
  const testRate = history['test/kl']?.at(-1)?.value;
  const testDistortion = history['test/reconstruction']?.at(-1)?.value;
  useEffect(() => {
    const test = testRate !== undefined && testDistortion !== undefined ? { rate: testRate, distortion: testDistortion } : null;
    if (ref.current) drawRateDistortion(ref.current, points, test, overlay.drawn);
  }, [points, testRate, testDistortion, overlay]);
  const last = points.at(-1);
  const steps = new Set(overlay.drawn.map((e) => e.step));
  return (
    <PanelFrame name="vae-rate-distortion" title="Rate–distortion plane">
      <p className="hint">
        Each dot is a stretch of training: how many nats the code carries about x (rate, KL) against how badly x is rebuilt (distortion). Dashed lines have equal −ELBO = D + R.
        Small β buys low distortion with a high rate; large β slides toward zero rate (Alemi et al. 2018). Square: the latest test point. Runs pinned or ticked under Runs are drawn
        faint, their end points (the last test point) as diamonds labelled by β and joined in β order.
      </p>
      <canvas
        ref={ref}
        width={480}
        height={340}
        style={{ width: '100%', maxWidth: 480, height: 'auto' }}
        role="img"
        aria-label={
          (last
            ? `Rate–distortion trajectory of ${points.length} points; now rate ${last.rate.toFixed(2)} nats, distortion ${last.distortion.toFixed(1)} nats at β ${last.beta.toFixed(3)}`
            : 'Rate–distortion trajectory (no training yet)') + (overlay.drawn.length ? `; end points of ${overlay.drawn.length} other runs` : '')
        }
        data-testid="rd-canvas"
      />
      <p className="metric" data-testid="rd-readout">
        R = <strong>{last ? last.rate.toFixed(2) : '—'}</strong> · D = <strong>{last ? last.distortion.toFixed(1) : '—'}</strong> · β ={' '}
        <strong>{last ? last.beta.toFixed(3) : '—'}</strong>
      </p>
      {settings.model === 'vae' && <TraceControls />}
      {overlay.drawn.length > 0 && (
        <>
          <ol className="hint" aria-label="End points of the other runs" data-testid="rd-ends" style={{ margin: '0.3rem 0', paddingLeft: '1.2rem' }}>
            {overlay.drawn.map((e) => (
              <li key={e.id} data-testid="rd-end" data-beta={e.beta} data-rate={e.rate} data-distortion={e.distortion} data-step={e.step}>
                β {formatBeta(e.beta)}: R {e.rate.toFixed(2)}, D {e.distortion.toFixed(1)} nats at step {e.step}
                {e.from === 'train' ? ' (train)' : ''} · {e.name}
              </li>
            ))}
          </ol>
          {check.betas >= 2 && (
            <p className="metric" data-testid="rd-monotone" data-holds={String(check.rateFalls && check.distortionRises)}>
              {check.rateFalls && check.distortionRises
                ? `Across these ${check.betas} β: the rate falls and the distortion rises as β rises.`
                : `Not monotone across these ${check.betas} β: ${check.broken}.`}
              {steps.size > 1 ? ' (The runs ended at different steps.)' : ''}
            </p>
          )}
        </>
      )}
      {overlay.notComparable.length > 0 && (
        <p className="hint" data-testid="rd-not-comparable">
          Not comparable, not drawn: {overlay.notComparable.map((r) => `${r.name} (${r.why})`).join('; ')}.
        </p>
      )}
    </PanelFrame>
  );
}

/** "Trace the curve": the VAE at each of RD_TRACE.betas on this seed, saved and ticked; the current run comes back after. */
function TraceControls() {
  const engine = useEngine();
  const controller = useRuns();
  const seed = useLab((s) => s.settings.seed);
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const [steps, setSteps] = useState<number>(RD_TRACE.steps);
  const [progress, setProgress] = useState<CompareProgress | null>(null);
  const [stopping, setStopping] = useState(false);
  const stop = useRef(false);
  const busy = progress !== null;
  const start = async () => {
    stop.current = false;
    setStopping(false);
    setProgress({ index: 0, total: RD_TRACE.betas.length, label: `β = ${formatBeta(RD_TRACE.betas[0])}`, phase: 'training' });
    try {
      await traceCurve({ engine, runs: controller, steps, seed, onProgress: setProgress, cancelled: () => stop.current });
      notify('info', `Rate–distortion trace: ${stop.current ? 'stopped early; the finished runs' : 'all runs'} are ticked; your run is back.`);
    } catch (e) {
      notify('error', `The trace stopped: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <div className="controls" style={{ flexDirection: 'row', flexWrap: 'wrap', gap: '0.6rem', alignItems: 'center' }}>
        <CountInput label="Steps per β" value={steps} max={MAX_TRACE_STEPS} step={50} disabled={busy} onChange={setSteps} testId="rd-trace-steps" />
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={() => void start()} data-testid="rd-trace">
          Trace the curve
        </button>
        {busy && (
          <button
            type="button"
            disabled={stopping}
            onClick={() => {
              stop.current = true;
              setStopping(true);
            }}
            data-testid="rd-trace-stop"
          >
            Stop after this β
          </button>
        )}
      </div>
      <p className="hint" role="status" aria-live="polite" data-testid="rd-trace-status">
        {busy
          ? `${progress.phase === 'saving' ? 'Saving' : 'Training'} ${progress.index + 1} of ${progress.total}: ${progress.label}${progress.phase === 'training' ? ` · step ${step}` : ''}`
          : `Trains this VAE at β = ${RD_TRACE.betas.map(formatBeta).join(', ')} (constant) for ${steps} steps each on seed ${seed}, saves and ticks the runs, then reopens your run.`}
        {!busy && steps < RD_TRACE.minSteps ? ` Below ${RD_TRACE.minSteps} steps per β the end points need not be in order yet.` : ''}
      </p>
    </>
  );
}
