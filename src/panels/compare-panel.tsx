import { useId, useMemo, useRef, useState } from 'react';
import { useEngine } from '../client/engine-context';
import { runComparison, type CompareProgress } from '../runs/compare-run';
import { COMPARISONS } from '../runs/compare-presets';
import { useRuns } from '../runs/runs-context';
import { notify, useLab } from '../state/store';
import { CompareView } from './compare-view';
import { CountInput } from './count-input';
import { PanelFrame } from './panel-frame';

const MAX_STEPS = 100_000;

/**
 * Comparisons in one click: trains each configuration of a preset comparison in turn on the
 * same data and seed, saves and names the runs, ticks them for overlay, and shows the ticked
 * runs side by side (an overlaid metric, first-layer weight rows, final test losses).
 */
export function ComparePanel() {
  const engine = useEngine();
  const controller = useRuns();
  const seed = useLab((s) => s.settings.seed);
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const runs = useLab((s) => s.runs);
  const overlayIds = useLab((s) => s.overlayIds);
  const [id, setId] = useState(COMPARISONS[0].id);
  const [steps, setSteps] = useState(COMPARISONS[0].steps);
  const [progress, setProgress] = useState<CompareProgress | null>(null);
  const stop = useRef(false);
  const selectId = useId();
  const comparison = COMPARISONS.find((c) => c.id === id) ?? COMPARISONS[0];
  const busy = progress !== null && progress.phase !== 'done';
  const ticked = useMemo(() => overlayIds.map((o) => runs.find((r) => r.id === o)).filter((r) => r !== undefined), [overlayIds, runs]);

  const start = async () => {
    stop.current = false;
    setProgress({ index: 0, total: comparison.configs.length, label: comparison.configs[0].label, phase: 'training' });
    try {
      await runComparison(comparison, { engine, runs: controller, steps, seed, onProgress: setProgress, cancelled: () => stop.current });
      notify('info', `${comparison.title}: ${stop.current ? 'stopped early; the finished runs' : 'all runs'} are ticked for overlay.`);
    } catch (e) {
      notify('error', `The comparison stopped: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };

  return (
    <PanelFrame name="compare" title="Compare configurations" wide>
      <div className="controls" style={{ flexDirection: 'row', flexWrap: 'wrap', gap: '0.8rem', alignItems: 'center' }}>
        <span className="control">
          <label htmlFor={selectId}>Comparison</label>
          <select
            id={selectId}
            value={id}
            disabled={busy}
            style={{ width: 'auto' }}
            data-testid="compare-select"
            onChange={(e) => {
              const next = COMPARISONS.find((c) => c.id === e.target.value)!;
              setId(next.id);
              setSteps(next.steps);
            }}
          >
            {COMPARISONS.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </span>
        <CountInput label="Steps each" value={steps} max={MAX_STEPS} step={50} disabled={busy} onChange={setSteps} testId="compare-steps" />
        <button type="button" className="primary" style={{ minWidth: 0 }} disabled={busy} onClick={() => void start()} data-testid="compare-start">
          Run comparison
        </button>
        {busy && (
          <button type="button" onClick={() => (stop.current = true)} disabled={stop.current}>
            Stop after this one
          </button>
        )}
      </div>
      <p className="hint">
        {comparison.description} Each of the {comparison.configs.length} configurations trains for {steps} steps with seed {seed} (the same weights draw, split and batch order);
        the runs are saved and ticked under Runs.
      </p>
      <p className="metric" role="status" aria-live="polite" data-testid="compare-status">
        {busy
          ? `${progress.phase === 'saving' ? 'Saving' : 'Training'} ${progress.index + 1} of ${progress.total}: ${progress.label}${progress.phase === 'training' ? ` · step ${step}` : ''}`
          : ticked.length
            ? `${ticked.length} ticked run${ticked.length > 1 ? 's' : ''} below.`
            : 'Tick runs under Runs, or run a comparison, to see them side by side.'}
      </p>
      {ticked.length > 0 && <CompareView runs={ticked} />}
    </PanelFrame>
  );
}
