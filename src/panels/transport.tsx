import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';
import { PresetsMenu } from './presets-menu';

/** Play / pause / step / reset, and the step, epoch and speed readout. */
export function Transport() {
  const engine = useEngine();
  const running = useLab((s) => s.running);
  const ready = useLab((s) => s.ready);
  const snapshot = useLab((s) => s.snapshot);
  return (
    <div className="transport" role="group" aria-label="Training">
      <button type="button" className="primary" disabled={!ready} onClick={() => (running ? engine.pause() : engine.play())} data-testid="play">
        {running ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" disabled={!ready || running} onClick={() => void engine.step(1).catch(() => undefined)}>
        Step
      </button>
      <button type="button" disabled={!ready} onClick={() => void engine.reset().catch(() => undefined)}>
        ↺ Reset
      </button>
      <PresetsMenu />
      <output className="readout" aria-live="off" data-testid="readout">
        step <strong>{snapshot?.step ?? 0}</strong> · epoch <strong>{snapshot?.epoch ?? 0}</strong> ·{' '}
        <strong>{snapshot ? Math.round(snapshot.samplesPerSecond).toLocaleString() : 0}</strong> samples/s
      </output>
    </div>
  );
}
