import type { SWEEP_LIMITS } from '../../engine/recsys-sweep';
import { CountInput } from '../count-input';

/** The query's limit, checked against the engine's by the compiler (the panel may take only types from it). */
const MAX_EPOCHS: (typeof SWEEP_LIMITS)['epochs'] = 200;

/** The epochs a sweep trains each run for (whole numbers in the query's range). */
export function SweepEpochsInput({ value, onChange, disabled }: { value: number; onChange: (epochs: number) => void; disabled: boolean }) {
  return <CountInput label="Epochs" value={value} max={MAX_EPOCHS} disabled={disabled} onChange={onChange} style={{ display: 'inline-flex', marginRight: '0.6rem' }} />;
}
