import { useEffect, useId, useState } from 'react';
import { useEngine } from '../client/engine-context';
import { SETTINGS, type SettingKey } from '../settings/schema';
import { useLab } from '../state/store';

/** One control, built from the setting's entry in the schema. */
export function SettingControl({ name }: { name: SettingKey }) {
  const spec = SETTINGS[name];
  const value = useLab((s) => s.settings[name]);
  const engine = useEngine();
  const id = useId();
  const set = (v: unknown) => void engine.set({ [name]: v }).catch(() => undefined); // refusal is shown as a notice
  const c = spec.control;
  let input: React.ReactNode;
  if (c.kind === 'toggle') {
    input = <input id={id} type="checkbox" checked={value as boolean} onChange={(e) => set(e.target.checked)} />;
  } else if (c.kind === 'select') {
    input = (
      <select id={id} value={String(value)} onChange={(e) => set(e.target.value)}>
        {c.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (c.kind === 'text') {
    input = <TextInput id={id} value={String(value)} placeholder={c.placeholder} onCommit={set} />;
  } else {
    input = <NumberInput id={id} value={value as number} log={c.log} min={c.min} max={c.max} step={c.step} onCommit={set} />;
  }
  return (
    <div className="control" title={spec.help}>
      <label htmlFor={id}>
        {spec.label}
        {spec.resets && (
          <span className="resets" aria-label="changing this starts a new run">
            {' '}
            ↺
          </span>
        )}
      </label>
      {input}
    </div>
  );
}

interface NumberProps {
  id: string;
  value: number;
  min: number;
  max: number;
  step: number;
  log?: boolean;
  onCommit: (v: number) => void;
}

/** A number field that commits on Enter or blur (not per keystroke); log settings add a slider. */
function NumberInput({ id, value, min, max, step, log, onCommit }: NumberProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const v = Number(text);
    if (text.trim() === '' || v !== value) onCommit(text.trim() === '' ? Number.NaN : v);
  };
  return (
    <span className="number">
      {log && (
        <input
          type="range"
          aria-label="slider (log scale)"
          min={Math.log10(min)}
          max={Math.log10(max)}
          step={0.05}
          value={Math.log10(value)}
          onChange={(e) => onCommit(Number(Number(10 ** Number(e.target.value)).toPrecision(2)))}
        />
      )}
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </span>
  );
}

/** A text field that commits on Enter or blur. */
function TextInput({ id, value, placeholder, onCommit }: { id: string; value: string; placeholder: string; onCommit: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() !== value) onCommit(text.trim());
  };
  return (
    <input
      id={id}
      type="text"
      value={text}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
