import { useRef } from 'react';
import { useEngine } from '../client/engine-context';
import { notify, useLab } from '../state/store';
import { exportCsv, exportModel, exportRunBundle, importFiles } from './run-files';
import { useRuns } from './runs-context';

/** Saved runs: rename, pin as baseline, overlay on the loss chart, reopen, export, delete. */
export function RunsPanel() {
  const engine = useEngine();
  const controller = useRuns();
  const runs = useLab((s) => s.runs);
  const currentId = useLab((s) => s.currentRunId);
  const overlayIds = useLab((s) => s.overlayIds);
  const input = useRef<HTMLInputElement>(null);
  const guard = (work: () => Promise<void> | void, what: string) => async () => {
    try {
      await work();
    } catch (e) {
      notify('error', `${what} failed: ${(e as Error).message} The current run is unchanged.`);
    }
  };
  const toggleOverlay = (id: string) => useLab.setState((s) => ({ overlayIds: s.overlayIds.includes(id) ? s.overlayIds.filter((o) => o !== id) : [...s.overlayIds, id] }));
  return (
    <section className="panel" aria-labelledby="runs-title" data-testid="runs-panel">
      <h2 id="runs-title">Runs</h2>
      <div className="run-actions">
        <button type="button" onClick={guard(() => exportModel(engine), 'Exporting the model')}>
          Export model
        </button>
        <button type="button" onClick={guard(exportCsv, 'Exporting the metrics')}>
          Metrics CSV
        </button>
        <button type="button" onClick={() => input.current?.click()}>
          Import…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept=".zip,.json,.bin"
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void guard(() => importFiles(controller, files), 'Importing')();
          }}
        />
      </div>
      <p className="hint">Runs are kept in this browser (IndexedDB) and survive a reload. Tick one to overlay its test loss; pin one as the baseline.</p>
      <ul className="runs" aria-label="Saved runs">
        {runs.map((r) => (
          <li key={r.id} className={r.id === currentId ? 'current' : undefined} data-testid="run-row">
            <input
              className="run-name"
              aria-label="Run name"
              defaultValue={r.name}
              onBlur={(e) => e.target.value !== r.name && void controller.update(r.id, { name: e.target.value })}
            />
            <span className="hint">
              step {r.step}
              {r.id === currentId ? ' · current' : ''}
              {r.pinned ? ' · baseline' : ''}
            </span>
            <span className="run-buttons">
              <label title="Overlay on the loss chart">
                <input type="checkbox" checked={overlayIds.includes(r.id)} onChange={() => toggleOverlay(r.id)} /> overlay
              </label>
              <button
                type="button"
                className="icon"
                aria-label={`${r.pinned ? 'Unpin' : 'Pin'} ${r.name} as baseline`}
                onClick={() => void controller.update(r.id, { pinned: !r.pinned })}
              >
                {r.pinned ? '★' : '☆'}
              </button>
              <button type="button" className="icon" aria-label={`Open ${r.name}`} title="Open" onClick={guard(() => controller.open(r), 'Opening the run')}>
                ↗
              </button>
              <button type="button" className="icon" aria-label={`Download ${r.name} as JSON`} title="Download run (JSON)" onClick={() => exportRunBundle(r.id)}>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                  <path d="M8 2v8m-3.5-3.5L8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" />
                </svg>
              </button>
              <button type="button" className="icon" aria-label={`Delete ${r.name}`} title="Delete" onClick={() => void controller.remove(r.id)}>
                {/* An SVG, not the 🗑 emoji: offline lecture-hall machines often lack an emoji font. */}
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                  <path d="M3 4h10M6 4V2.5h4V4M4.5 4l.7 9.5h5.6l.7-9.5M7 6.5v5M9 6.5v5" fill="none" stroke="currentColor" strokeWidth="1.4" />
                </svg>
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
