import { describe, expect, it } from 'vitest';
import { diverging, grey } from '../../src/panels/colormap';
import { drawTiles } from '../../src/panels/tile-canvas';

/** A canvas with just what drawTiles uses: its size, createImageData and putImageData. */
function fakeCanvas() {
  const puts: number[] = [];
  let image: { width: number; height: number; data: Uint8ClampedArray } | null = null;
  const ctx = {
    createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
    putImageData: (img: typeof image) => {
      puts.push(1);
      image = img;
    },
  };
  const canvas = { width: 0, height: 0, getContext: () => ctx } as unknown as HTMLCanvasElement;
  const pixel = (x: number, y: number) => {
    const at = (y * canvas.width + x) * 4;
    return Array.from(image!.data.slice(at, at + 4));
  };
  return { canvas, puts, pixel };
}

const rgba = (rgb: [number, number, number]) => [...Uint8ClampedArray.from(rgb), 255];

describe('drawTiles: the grid in one ImageData', () => {
  // Three 2×2 grey tiles on two columns, zoom 2, gap 1: a 9×9 canvas, the fourth cell empty.
  const values = new Float32Array([0, 0.25, 0.5, 1, 1, 0.75, 0.5, 0, 0.1, 0.2, 0.3, 0.4]);
  const shape = { width: 2, height: 2, channels: 1 };

  it('sizes the canvas, puts the image once, and scales each image pixel to a zoom × zoom block', () => {
    const { canvas, puts, pixel } = fakeCanvas();
    drawTiles(canvas, values, 3, shape, { columns: 2, zoom: 2, gap: 1, colours: 'grey' });
    expect([canvas.width, canvas.height]).toEqual([9, 9]);
    expect(puts).toHaveLength(1);
    // Tile 0, image pixel (1, 0) = 0.25: screen pixels x 2–3, y 0–1.
    for (const [x, y] of [
      [2, 0],
      [3, 0],
      [2, 1],
      [3, 1],
    ])
      expect(pixel(x, y)).toEqual(rgba(grey(0.25)));
    // Tile 1 starts after the gap at x = 5: its pixel (0, 1) = 0.5 at x 5–6, y 2–3.
    expect(pixel(5, 3)).toEqual(rgba(grey(0.5)));
    // Tile 2 on the second row (y from 5): pixel (1, 1) = 0.4 at x 2–3, y 7–8.
    expect(pixel(3, 8)).toEqual(rgba(grey(0.4)));
    // The gaps and the empty fourth cell stay transparent.
    expect(pixel(4, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(0, 4)).toEqual([0, 0, 0, 0]);
    expect(pixel(7, 7)).toEqual([0, 0, 0, 0]);
  });

  it('maps signed weights through the diverging map, per tile or on one shared range', () => {
    const w = new Float32Array([-2, 0, 1, 2, -0.5, 0.5, 0, 0.25]);
    const perTile = fakeCanvas();
    drawTiles(perTile.canvas, w, 2, shape, { columns: 2, zoom: 1, gap: 0, colours: 'diverging', scale: 'per-tile' });
    expect(perTile.pixel(0, 0)).toEqual(rgba(diverging(-1)));
    expect(perTile.pixel(1, 0)).toEqual(rgba(diverging(0)));
    expect(perTile.pixel(0, 1)).toEqual(rgba(diverging(0.5)));
    // The second tile's own range is 0.5: −0.5 is full purple.
    expect(perTile.pixel(2, 0)).toEqual(rgba(diverging(-1)));
    const shared = fakeCanvas();
    drawTiles(shared.canvas, w, 2, shape, { columns: 2, zoom: 1, gap: 0, colours: 'diverging', scale: 'shared' });
    // On the shared range 2, −0.5 is a quarter of the way to purple.
    expect(shared.pixel(2, 0)).toEqual(rgba(diverging(-0.25)));
  });

  it('redraws fewer tiles on the same grid without leaving the old ones in the emptied cells', () => {
    const { canvas, pixel } = fakeCanvas();
    const four = new Float32Array(16).fill(1);
    drawTiles(canvas, four, 4, shape, { columns: 2, zoom: 1, gap: 0, colours: 'grey' });
    expect(pixel(3, 3)).toEqual(rgba(grey(1)));
    drawTiles(canvas, four, 3, shape, { columns: 2, zoom: 1, gap: 0, colours: 'grey' });
    expect([canvas.width, canvas.height]).toEqual([4, 4]);
    expect(pixel(3, 3)).toEqual([0, 0, 0, 0]);
    expect(pixel(1, 3)).toEqual(rgba(grey(1)));
  });
});
