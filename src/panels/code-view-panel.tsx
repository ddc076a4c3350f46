import { useState } from 'react';
import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { TileGrid } from './tile-grid';
import { useLiveQuery } from './use-live-query';

/** How many weighted tiles the sum shows (the largest |h_k| first). */
const SHOWN = 12;

/**
 * "h tells how much each feature is present in x": one test digit's code h as bars, and the
 * decoder's tiles t_k (what unit k writes per unit of h_k) weighted by h_k. For a one-layer
 * decoder (linear/PCA, one hidden layer) Σ_k h_k t_k + b is the pre-activation exactly; for a
 * deeper one the panel says by how much the sum misses.
 */
export function CodeViewPanel() {
  const engine = useEngine();
  const step = useLab((s) => s.snapshot?.step ?? -1);
  const [index, setIndex] = useState(0);
  const { value: v, error } = useLiveQuery(step < 0 ? null : () => engine.query('codeView', { index }), [step, index], 400);
  const k = v?.k ?? 0;
  const order = v
    ? Array.from(v.code, (h, j) => [Math.abs(h), j] as const)
        .sort((a, b) => b[0] - a[0])
        .map(([, j]) => j)
    : [];
  const shown = order.slice(0, Math.min(SHOWN, k));
  const d = v ? v.bias.length : 0;
  const weighted = v ? new Float32Array(shown.length * d) : null;
  if (v && weighted)
    shown.forEach((j, r) => {
      for (let i = 0; i < d; i++) weighted[r * d + i] = v.code[j] * v.tiles[j * d + i];
    });
  const maxAbs = v ? Math.max(1e-9, ...Array.from(v.code, Math.abs)) : 1;
  return (
    <PanelFrame name="code-view" title="One digit's code" wide>
      <label className="control">
        Test digit (0–499)
        <input
          type="number"
          min={0}
          max={499}
          step={1}
          value={index}
          data-testid="code-view-index"
          style={{ width: '5rem' }}
          onChange={(e) => {
            const i = Number(e.target.value);
            if (Number.isInteger(i) && i >= 0 && i < 500) setIndex(i);
          }}
        />
      </label>
      {v && (
        <>
          <div className="tile-pair">
            <figure>
              <TileGrid values={v.image} count={1} columns={1} zoom={3} gap={0} colours="grey" label={`Test digit ${v.index}`} testId="code-view-input" />
              <figcaption>x (a {v.label ?? '?'})</figcaption>
            </figure>
            <figure style={{ flex: 1 }}>
              <svg
                width="100%"
                height={90}
                viewBox={`0 0 ${Math.max(k, 1) * 10} 90`}
                preserveAspectRatio="none"
                role="img"
                aria-label={`The code h: ${k} values`}
                data-testid="code-bars"
              >
                <line x1={0} x2={k * 10} y1={45} y2={45} stroke="#5b6068" strokeWidth={0.5} />
                {Array.from(v.code, (h, j) => (
                  <rect key={j} x={j * 10 + 1} width={8} y={h >= 0 ? 45 - (40 * h) / maxAbs : 45} height={(40 * Math.abs(h)) / maxAbs} fill={h >= 0 ? '#1a73e8' : '#d93025'} />
                ))}
              </svg>
              <figcaption>
                h = f(x), K = {k}: largest |h_k| = {maxAbs.toFixed(2)}
              </figcaption>
            </figure>
          </div>
          <p className="hint">
            The {shown.length} largest terms h_k·t_k (blue adds ink before the sigmoid, red removes it), unit {shown.slice(0, 6).join(', ')}
            {shown.length > 6 ? '…' : ''}:
          </p>
          <TileGrid
            values={weighted}
            count={shown.length}
            columns={SHOWN}
            zoom={1}
            gap={3}
            colours="diverging"
            scale="shared"
            label="The code's largest weighted tiles"
            testId="code-view-terms"
          />
          <div className="tile-pair">
            <figure>
              <TileGrid values={v.tileSum} count={1} columns={1} zoom={2} gap={0} colours="diverging" label="Sum of all weighted tiles plus the bias" testId="code-view-sum" />
              <figcaption>Σ_k h_k t_k + b</figcaption>
            </figure>
            <figure>
              <TileGrid values={v.reconstruction} count={1} columns={1} zoom={2} gap={0} colours="grey" label="The reconstruction" testId="code-view-reconstruction" />
              <figcaption>x̂ = {v.sigmoidOutput ? 'σ(g(h))' : 'g(h)'}</figcaption>
            </figure>
          </div>
          <p className="hint" data-testid="code-view-gap" data-exact={v.exact ? 'yes' : 'no'} data-gap={v.maxGap}>
            {v.exact
              ? `Exact: the decoder is one affine layer, so the sum is its pre-activation (largest gap ${v.maxGap.toExponential(1)}, rounding).`
              : `Not a sum: the decoder has hidden layers, so tiles t_k = g(e_k) − g(0) do not add up to g(h) (largest gap ${v.maxGap < 0.01 ? v.maxGap.toExponential(1) : v.maxGap.toFixed(2)} in logits; small early in training, when the hidden units are still near-linear). The bars still show h; the picture of "features adding up" holds only for one-layer decoders.`}
          </p>
        </>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </PanelFrame>
  );
}
