import { useId, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import { imageReference, useLab } from '../../state/store';
import { pixelsOf } from '../image-shape';
import { PanelFrame } from '../panel-frame';
import { TileGrid } from '../tile-grid';
import { useImageShape } from '../use-image-shape';
import { useLiveQuery } from '../use-live-query';

/** Triplets shown (the first test digits, the same ones as the reconstruction strip). */
const COUNT = 8;
/** At most two 'denoise' queries a second while training. */
const MIN_MS = 500;
const KINDS = [
  { value: 'masking', label: 'Masking' },
  { value: 'salt-and-pepper', label: 'Salt and pepper' },
  { value: 'gaussian', label: 'Gaussian' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

/**
 * Clean | corrupted | reconstructed test digits, live. The corruption here is for looking
 * only (its own kind, level and a fixed seed); training uses the noiseKind/noiseLevel settings.
 */
export function DenoisePanel() {
  const engine = useEngine();
  const originals = useLab((s) => imageReference(s)?.originals ?? null);
  const snapshot = useLab((s) => s.snapshot);
  const trainKind = useLab((s) => s.settings.noiseKind);
  const trainLevel = useLab((s) => s.settings.noiseLevel);
  const [kind, setKind] = useState<Kind>(trainKind);
  const [level, setLevel] = useState(0.5);
  const levelId = useId();
  const kindId = useId();
  const image = useImageShape();
  const n = originals && image ? Math.min(COUNT, Math.floor(originals.length / pixelsOf(image))) : 0;
  const { value, error } = useLiveQuery(snapshot && n ? () => engine.query('denoise', { kind, level, seed: 1, count: n }) : null, [snapshot, kind, level, n], MIN_MS);
  const grid = { count: n, columns: n, zoom: 2, gap: 4, colours: 'grey' as const };
  const symbol = kind === 'gaussian' ? 'σ' : 'ν';
  return (
    <PanelFrame name="denoise" title="Denoising: clean, corrupted, restored" wide>
      <p className="hint">
        The model sees the corrupted middle row and must give back the clean top row. This corruption is only for looking; training uses {trainKind} at {trainLevel}.
      </p>
      <div className="controls" style={{ flexDirection: 'row', flexWrap: 'wrap', gap: '1rem', marginBottom: '0.4rem' }}>
        <span className="control">
          <label htmlFor={kindId}>Corruption</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </span>
        <span className="control">
          <label htmlFor={levelId}>Level {symbol} at evaluation</label>
          <input id={levelId} type="range" min={0} max={1} step={0.05} value={level} onChange={(e) => setLevel(Number(e.target.value))} data-testid="eval-noise-level" />
          <output htmlFor={levelId} style={{ minWidth: '2.5rem', fontVariantNumeric: 'tabular-nums' }}>
            {level.toFixed(2)}
          </output>
        </span>
      </div>
      <div className="strip">
        <span className="strip-label">Clean</span>
        <TileGrid values={originals} {...grid} label="Clean test digits" testId="denoise-clean" />
        <span className="strip-label">Corrupted</span>
        <TileGrid values={value?.corrupted ?? null} {...grid} label={`The same digits corrupted by ${kind} noise at ${level}`} testId="denoise-corrupted" />
        <span className="strip-label">Restored</span>
        <TileGrid values={value?.reconstructed ?? null} {...grid} label="The model's reconstructions of the corrupted digits" testId="denoise-restored" />
      </div>
      <p className="metric" data-testid="denoise-errors">
        squared error to the clean digits: corrupted <strong>{value ? value.corruptedError.toFixed(1) : '—'}</strong> → restored{' '}
        <strong>{value ? value.reconstructionError.toFixed(1) : '—'}</strong> <span className="hint">(per image, mean of {n})</span>
      </p>
      {error && <p className="hint">{error}</p>}
    </PanelFrame>
  );
}
