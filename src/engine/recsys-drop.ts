import type { DroppedFile } from '../data/dropped-idx';
import { listZipEntries, recogniseMovieLensZip } from '../data/movielens/zip';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A dropped file that is a zip archive (GroupLens ships MovieLens as zips). */
export const isZipDrop = (files: DroppedFile[]): boolean => files.length === 1 && ZIP_MAGIC.every((b, i) => files[0].bytes[i] === b);

/**
 * Checks a dropped zip cheaply (its names, from the central directory: nothing inflated)
 * and says which release it holds; the ratings are parsed, with progress, when the
 * 'movielens-dropped' dataset loads. Throws a clear message for any other zip.
 */
export function describeMovieLensZip(file: DroppedFile): string {
  const { release } = recogniseMovieLensZip(listZipEntries(file.bytes, file.name), file.name);
  return `MovieLens ${release.id} from ${file.name}`;
}
