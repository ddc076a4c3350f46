import { parseHiddenLayers } from '../settings/regularizer-settings';
import { imageReference, imageSnapshot, useLab } from '../state/store';
import { pixelsOf } from './image-shape';
import { PanelFrame } from './panel-frame';
import { TileGrid } from './tile-grid';
import { useImageShape } from './use-image-shape';

/** Draw at most this many tiles; beyond it the grid would be unreadable anyway. */
const MAX_TILES = 64;

/** The learned weight rows; for the linear model, beside the top-K PCA eigen-digits. */
export function WeightsPanel() {
  const snapshot = useLab(imageSnapshot);
  const linear = useLab((s) => s.settings.model === 'linear');
  const eigenDigits = useLab((s) => imageReference(s)?.eigenDigits ?? null);
  const scale = useLab((s) => s.settings.tileScale);
  const similarity = useLab((s) => s.history['pca/subspaceSimilarity']?.at(-1)?.value);
  const image = useImageShape();
  const pixels = image ? pixelsOf(image) : 0;
  // Before the first snapshot, the rows the settings call for (the first layer's width), so the panel keeps its size.
  const expected = useLab((s) => (s.settings.model === 'linear' ? undefined : parseHiddenLayers(s.settings.hiddenLayers)[0]) ?? s.settings.latent);
  const rows = snapshot && pixels ? Math.floor(snapshot.weightRows.length / pixels) : expected;
  const shown = Math.min(rows, MAX_TILES);
  const columns = Math.min(8, Math.ceil(Math.sqrt(shown)) || 1);
  const grid = { columns, zoom: 2, gap: 2, colours: 'diverging' as const, scale };
  return (
    <PanelFrame name="weights" title={linear ? 'Weight rows vs. eigen-digits' : 'Weight rows'}>
      <p className="hint">
        {linear
          ? 'Left: what each of the K code units writes into the image (decoder rows). Right: the top-K principal components. They need not match one-to-one: they span the same subspace, in some rotation.'
          : `What each first-layer unit looks at (its encoder weights as ${image ? `a ${image.width}×${image.height}` : 'an'} image). Purple is negative, orange positive.`}
        {rows > MAX_TILES && ` Showing the first ${MAX_TILES} of ${rows}.`}
      </p>
      <div className="tile-pair">
        <figure>
          <TileGrid values={snapshot?.weightRows ?? null} count={shown} {...grid} label={`Learned weight rows, ${rows} tiles`} testId="weights-canvas" />
          <figcaption>Autoencoder</figcaption>
        </figure>
        {linear && (
          <figure>
            <TileGrid
              values={eigenDigits}
              count={Math.min(shown, pixels ? Math.floor((eigenDigits?.length ?? 0) / pixels) : 0)}
              {...grid}
              label={`PCA eigen-digits, top ${rows}`}
              testId="eigen-canvas"
            />
            <figcaption>PCA</figcaption>
          </figure>
        )}
      </div>
      {linear && (
        <p className="metric" data-testid="subspace-similarity">
          Subspace similarity (mean cos² of principal angles): <strong>{similarity === undefined ? '—' : similarity.toFixed(3)}</strong>{' '}
          <span className="hint">(1 = the PCA subspace)</span>
        </p>
      )}
    </PanelFrame>
  );
}
