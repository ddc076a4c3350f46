import { imageReference, imageSnapshot, useLab } from '../state/store';
import { pixelsOf } from './image-shape';
import { PanelFrame } from './panel-frame';
import { TileGrid } from './tile-grid';
import { useImageShape } from './use-image-shape';

/** Fixed test digits: originals above, the model's reconstructions below. */
export function ReconstructionsPanel() {
  const reference = useLab(imageReference);
  const snapshot = useLab(imageSnapshot);
  const image = useImageShape();
  const n = reference && image ? Math.floor(reference.originals.length / pixelsOf(image)) : 0;
  return (
    <PanelFrame name="reconstructions" title="Reconstructions">
      <div className="strip">
        <span className="strip-label">Original</span>
        <TileGrid values={reference?.originals ?? null} count={n} columns={n} zoom={2} gap={4} colours="grey" label="Original test digits" testId="originals-canvas" />
        <span className="strip-label">Reconstruction</span>
        <TileGrid values={snapshot?.reconstructions ?? null} count={n} columns={n} zoom={2} gap={4} colours="grey" label="Reconstructed test digits" testId="recon-canvas" />
      </div>
    </PanelFrame>
  );
}
