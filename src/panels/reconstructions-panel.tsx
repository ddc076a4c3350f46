import { useLab } from '../state/store';
import { PanelFrame } from './panel-frame';
import { TileGrid } from './tile-grid';

/** Fixed test digits: originals above, the model's reconstructions below. */
export function ReconstructionsPanel() {
  const reference = useLab((s) => s.reference);
  const snapshot = useLab((s) => s.snapshot);
  const n = reference ? reference.originals.length / 784 : 0;
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
