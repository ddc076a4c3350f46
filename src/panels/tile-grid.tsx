import { useEffect, useRef } from 'react';
import type { ImageShape } from './image-shape';
import { drawTiles, gridSize, type TileGridOptions } from './tile-canvas';
import { useImageShape } from './use-image-shape';

interface Props extends TileGridOptions {
  values: Float32Array | null;
  count: number;
  label: string;
  testId?: string;
  /** The tiles' size; by default the current data's (the reference's). */
  image?: ImageShape | null;
}

/** A canvas of image tiles (of the data's size unless `image` says otherwise), redrawn whenever the values change; sized for `count` tiles before they arrive. */
export function TileGrid({ values, count, label, testId, image, ...options }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const current = useImageShape();
  const shape = image ?? current;
  useEffect(() => {
    if (ref.current && values && shape && count > 0) drawTiles(ref.current, values, count, shape, options);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options is a new rest object each render: its fields (and the shape's) are the deps
  }, [values, count, shape?.width, shape?.height, shape?.channels, options.columns, options.zoom, options.scale, options.colours, options.gap]);
  // The grid's size from the first render: the panel does not grow (and move what is below it) when the values arrive.
  const size = shape && count > 0 ? gridSize(count, shape, options) : null;
  return <canvas ref={ref} className="tiles" role="img" aria-label={label} data-testid={testId} width={size?.width} height={size?.height} />;
}
