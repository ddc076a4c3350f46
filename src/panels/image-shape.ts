import type { ImageReference } from '../engine/protocol';

/** The size of the images the worker's data holds, as its reference says. */
export type ImageShape = ImageReference['image'];

/** Values per image: width × height × channels. */
export function pixelsOf(shape: ImageShape): number {
  return shape.width * shape.height * shape.channels;
}
