import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';

/** Loading and long computations: a determinate bar when the fraction is known, and Cancel. */
export function ProgressBar() {
  const progress = useLab((s) => s.progress);
  const engine = useEngine();
  if (!progress || !progress.label) return null;
  return (
    <div className="progress" role="status">
      <span>{progress.label}</span>
      {progress.fraction === null ? <progress aria-label={progress.label} /> : <progress aria-label={progress.label} value={progress.fraction} max={1} />}
      {progress.cancellable && (
        <button type="button" onClick={() => engine.cancel()}>
          Cancel
        </button>
      )}
    </div>
  );
}
