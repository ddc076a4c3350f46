import type { SWEEP_LIMITS } from '../../engine/recsys-sweep';

/** The query's limit, checked against the engine's by the compiler (the panel may take only types from it). */
const MAX_EPOCHS: (typeof SWEEP_LIMITS)['epochs'] = 200;

/** The epochs a sweep trains each run for (whole numbers in the query's range). */
export function SweepEpochsInput({ value, onChange, disabled }: { value: number; onChange: (epochs: number) => void; disabled: boolean }) {
  return (
    <label className="control" style={{ display: 'inline-flex', marginRight: '0.6rem' }}>
      <span>Epochs</span>
      <input
        type="number"
        min={1}
        max={MAX_EPOCHS}
        step={1}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(Math.min(MAX_EPOCHS, Math.max(1, Math.round(Number(e.target.value) || 1))))}
        style={{ width: '4.5rem' }}
      />
    </label>
  );
}
