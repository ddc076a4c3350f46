import { useEffect, useRef } from 'react';
import { drawTiles, type TileGridOptions } from './tile-canvas';

interface Props extends TileGridOptions {
  values: Float32Array | null;
  count: number;
  label: string;
  testId?: string;
}

/** A canvas of 28×28 tiles, redrawn whenever the values change. */
export function TileGrid({ values, count, label, testId, ...options }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current && values && count > 0) drawTiles(ref.current, values, count, options);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, count, options.columns, options.zoom, options.scale, options.colours, options.gap]);
  return <canvas ref={ref} className="tiles" role="img" aria-label={label} data-testid={testId} />;
}
