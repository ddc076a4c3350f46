import { useLab } from '../state/store';
import { TileGrid } from './tile-grid';

/** Draw at most this many tiles; beyond it the grid would be unreadable anyway. */
const MAX_TILES = 64;

/** The decoder's K weight rows beside the top-K PCA eigen-digits. */
export function WeightsPanel() {
  const snapshot = useLab((s) => s.snapshot);
  const reference = useLab((s) => s.reference);
  const scale = useLab((s) => s.settings.tileScale);
  const k = snapshot?.latent ?? 0;
  const shown = Math.min(k, MAX_TILES);
  const columns = Math.min(8, Math.ceil(Math.sqrt(shown)) || 1);
  const similarity = useLab((s) => s.history['pca/subspaceSimilarity']?.at(-1)?.value);
  return (
    <section className="panel" aria-labelledby="weights-title">
      <h2 id="weights-title">Weight rows vs. eigen-digits</h2>
      <p className="hint">
        Left: what each of the K code units writes into the image (decoder rows). Right: the top-K principal
        components. The rows need not match one-to-one: they span the same subspace, in some rotation.
        {k > MAX_TILES && ` Showing the first ${MAX_TILES} of ${k}.`}
      </p>
      <div className="tile-pair">
        <figure>
          <TileGrid values={snapshot?.weightRows ?? null} count={shown} columns={columns} zoom={2} gap={2} colours="diverging" scale={scale} label={`Autoencoder decoder weight rows, ${k} tiles`} testId="weights-canvas" />
          <figcaption>Autoencoder</figcaption>
        </figure>
        <figure>
          <TileGrid values={reference?.eigenDigits ?? null} count={Math.min(shown, (reference?.eigenDigits?.length ?? 0) / 784)} columns={columns} zoom={2} gap={2} colours="diverging" scale={scale} label={`PCA eigen-digits, top ${k}`} testId="eigen-canvas" />
          <figcaption>PCA</figcaption>
        </figure>
      </div>
      <p className="metric" data-testid="subspace-similarity">
        Subspace similarity (mean cos² of principal angles):{' '}
        <strong>{similarity === undefined ? '—' : similarity.toFixed(3)}</strong> <span className="hint">(1 = the PCA subspace)</span>
      </p>
    </section>
  );
}
