import { useState } from 'react';
import { useEngine } from '../client/engine-context';
import { applyPreset, type CheckpointedPreset, type PresetStart } from './checkpoints';
import { useRuns } from './runs-context';

/**
 * The two ways to start a preset that ships a checkpoint: at step N (the shipped weights and
 * their history, paused) or from scratch. Used by the presets menu and the walkthrough.
 */
export function CheckpointChoice({ preset, showTitle, onDone }: { preset: CheckpointedPreset; showTitle?: boolean; onDone?: () => void }) {
  const engine = useEngine();
  const runs = useRuns();
  const [busy, setBusy] = useState(false);
  const start = async (from: PresetStart) => {
    setBusy(true);
    try {
      await applyPreset(engine, runs, preset.id, from);
    } catch {
      // The refusal is already shown as a notice.
    } finally {
      setBusy(false);
      onDone?.();
    }
  };
  const n = preset.checkpoint.step.toLocaleString('en');
  return (
    <span
      role="group"
      aria-label={`Start ${preset.title}`}
      className="checkpoint-choice"
      style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '0.4rem', alignItems: 'center' }}
      data-testid="checkpoint-choice"
    >
      {showTitle && <span>{preset.title}:</span>}
      <button
        type="button"
        disabled={busy}
        onClick={() => void start('checkpoint')}
        data-testid="from-checkpoint"
        title={`Loads the shipped weights trained to step ${n}, with the curves so far`}
      >
        Start at step {n} (shipped checkpoint)
      </button>
      <button type="button" disabled={busy} onClick={() => void start('scratch')} data-testid="from-scratch">
        From scratch
      </button>
    </span>
  );
}
