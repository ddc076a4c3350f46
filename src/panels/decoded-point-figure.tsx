import type { DecodedPoint } from '../engine/image-queries';
import { TileGrid } from './tile-grid';

/** The image decoded from a clicked map point, captioned with its code (the first four values). */
export function DecodedPointFigure(props: { decoded: DecodedPoint | null; code: 'h' | 'z'; prompt: string; testId: string; captionTestId: string }) {
  const { decoded, code, prompt, testId, captionTestId } = props;
  const shown = decoded?.z.slice(0, 4).map((v) => v.toFixed(2)) ?? [];
  return (
    <figure>
      <TileGrid values={decoded?.image ?? null} count={decoded ? 1 : 0} columns={1} zoom={3} gap={0} colours="grey" label="The decoded clicked point" testId={testId} />
      <figcaption data-testid={captionTestId} data-z={decoded ? JSON.stringify(decoded.z) : ''}>
        {decoded ? `decode(${code}), ${code} = (${shown.join(', ')}${decoded.z.length > 4 ? ', …' : ''})` : prompt}
      </figcaption>
    </figure>
  );
}
