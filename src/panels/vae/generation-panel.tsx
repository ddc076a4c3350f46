import { useLab } from '../../state/store';
import { pixelsOf } from '../image-shape';
import { PanelFrame } from '../panel-frame';
import { TileGrid } from '../tile-grid';
import { useImageShape } from '../use-image-shape';
import { floatsOf } from './vae-view';

/**
 * The VAE as a generator: decoded samples z ~ N(0, I) (the same 16 z throughout, so they
 * change only as the decoder learns) and, for K = 2, the decoded manifold (Kingma & Welling 2014).
 */
export function GenerationPanel() {
  const diagnostics = useLab((s) => s.snapshot?.diagnostics);
  const samples = floatsOf(diagnostics, 'priorSamples');
  const manifold = floatsOf(diagnostics, 'manifold');
  const quantiles = floatsOf(diagnostics, 'manifoldQuantiles');
  const k = floatsOf(diagnostics, 'klPerDimension')?.length ?? 0;
  const g = quantiles?.length ?? 0;
  const image = useImageShape();
  const nSamples = samples && image ? Math.floor(samples.length / pixelsOf(image)) : 0;
  const span = quantiles ? `${quantiles[0].toFixed(2)} … ${quantiles[g - 1].toFixed(2)}` : '';
  return (
    <PanelFrame name="vae-generation" title="Samples from the prior">
      <p className="hint">Decoded z ~ N(0, I): the same {nSamples || 16} draws every time, so what changes is the decoder.</p>
      <TileGrid
        values={samples}
        count={nSamples}
        columns={8}
        zoom={2}
        gap={3}
        colours="grey"
        label={`${nSamples} digits decoded from samples of the prior`}
        testId="prior-samples"
      />
      {manifold && g > 0 ? (
        <>
          <p className="hint">
            The decoded manifold: a {g}×{g} grid of z at Gaussian quantiles Φ⁻¹((i + ½)/{g}) ({span}); z₁ grows to the right, z₂ upward. Equal tiles hold equal prior mass.
          </p>
          <TileGrid values={manifold} count={g * g} columns={g} zoom={1} gap={0} colours="grey" label={`Decoded ${g} by ${g} manifold of the 2-D latent space`} testId="manifold" />
        </>
      ) : (
        <p className="hint">The manifold grid needs a 2-D latent space (K = 2; now K = {k || '—'}).</p>
      )}
    </PanelFrame>
  );
}
