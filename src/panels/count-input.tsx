import { useId, type CSSProperties } from 'react';

interface Props {
  label: string;
  value: number;
  max: number;
  step?: number;
  disabled: boolean;
  onChange: (n: number) => void;
  testId?: string;
  style?: CSSProperties;
}

/** A whole number from 1 to `max` (steps per β, steps per arm, epochs per run): what is typed is clamped into range. */
export function CountInput({ label, value, max, step = 1, disabled, onChange, testId, style }: Props) {
  const id = useId();
  return (
    <span className="control" style={style}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(Math.max(1, Math.min(max, Math.round(Number(e.target.value)) || 1)))}
      />
    </span>
  );
}
