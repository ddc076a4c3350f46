import { useId, useMemo, useState } from 'react';
import { useEngine } from '../../client/engine-context';
import { imageReference, useLab } from '../../state/store';
import { pixelsOf } from '../image-shape';
import { PanelFrame } from '../panel-frame';
import { TileGrid } from '../tile-grid';
import { useImageShape } from '../use-image-shape';
import { distancesFromFirst, pushAlong, randomDirection } from './code-view';
import { useLiveQuery } from '../use-live-query';

/** Step sizes ε (‖εu‖ in pixel units; a whole MNIST digit has ‖x‖ ≈ 9). */
export const PUSH_STEPS = [0, 1, 2, 4, 8] as const;
const MIN_MS = 500;

/**
 * A test digit pushed along one random direction u (‖u‖ = 1) by growing steps ε, and what
 * the model makes of each x + εu. ‖x̂(x + εu) − x̂(x)‖ / ε near 0: the reconstruction ignores
 * the push (contractive); near 1 or above: it passes the noise through (copying).
 */
export function SensitivityPanel() {
  const engine = useEngine();
  const originals = useLab((s) => imageReference(s)?.originals ?? null);
  const snapshot = useLab((s) => s.snapshot);
  const [digit, setDigit] = useState(0);
  const [seed, setSeed] = useState(1);
  const digitId = useId();
  const image = useImageShape();
  const pixels = image ? pixelsOf(image) : 0;
  const n = originals && pixels ? Math.floor(originals.length / pixels) : 0;
  const d = Math.min(digit, Math.max(0, n - 1));
  const inputs = useMemo(
    () => (originals && n ? pushAlong(originals.subarray(d * pixels, (d + 1) * pixels), randomDirection(seed, pixels), PUSH_STEPS) : null),
    [originals, n, d, seed, pixels],
  );
  const { value: outputs, error } = useLiveQuery(snapshot && inputs ? () => engine.reconstruct(inputs, PUSH_STEPS.length) : null, [snapshot, inputs], MIN_MS);
  const moved = useMemo(() => (outputs && pixels ? distancesFromFirst(outputs, pixels) : null), [outputs, pixels]);
  const grid = { count: PUSH_STEPS.length, columns: PUSH_STEPS.length, zoom: 3, gap: 6, colours: 'grey' as const };
  return (
    <PanelFrame name="sensitivity" title="Push a digit: does the reconstruction follow?">
      <p className="hint">
        Top: x + εu for a random unit direction u. Bottom: the reconstructions. The gain ‖x̂(x + εu) − x̂(x)‖ / ε is small when the model contracts small changes away, and near 1
        when it copies them through.
      </p>
      <div className="controls" style={{ flexDirection: 'row', flexWrap: 'wrap', gap: '0.8rem', marginBottom: '0.4rem' }}>
        <span className="control">
          <label htmlFor={digitId}>Test digit</label>
          <select id={digitId} value={d} onChange={(e) => setDigit(Number(e.target.value))}>
            {Array.from({ length: n }, (_, i) => (
              <option key={i} value={i}>
                #{i + 1}
              </option>
            ))}
          </select>
        </span>
        <button type="button" onClick={() => setSeed((s) => s + 1)} data-testid="new-direction">
          New direction
        </button>
      </div>
      <div className="strip">
        <span className="strip-label">x + εu</span>
        <TileGrid values={inputs} {...grid} label={`Test digit ${d + 1} pushed along a random direction by ε = ${PUSH_STEPS.join(', ')}`} testId="sensitivity-inputs" />
        <span className="strip-label">x̂</span>
        <TileGrid values={outputs} {...grid} label="The model's reconstructions of the pushed digits" testId="sensitivity-recon" />
      </div>
      <table className="metric" data-testid="sensitivity-table" style={{ borderCollapse: 'collapse', fontSize: '0.9rem' }}>
        <thead>
          <tr>
            <th scope="row" style={{ textAlign: 'left', paddingRight: '0.6rem' }}>
              ε
            </th>
            {PUSH_STEPS.slice(1).map((eps) => (
              <th key={eps} scope="col" style={{ padding: '0 0.6rem' }}>
                {eps}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" style={{ textAlign: 'left', paddingRight: '0.6rem' }}>
              gain ‖Δx̂‖/ε
            </th>
            {PUSH_STEPS.slice(1).map((eps, j) => (
              <td key={eps} style={{ padding: '0 0.6rem', textAlign: 'center' }} data-testid={`gain-${eps}`}>
                {moved ? (moved[j + 1] / eps).toFixed(3) : '—'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {error && <p className="hint">{error}</p>}
    </PanelFrame>
  );
}
