import { datasetFromDroppedFiles, type DroppedFile } from '../data/dropped-idx';
import type { TaskKind } from '../families';
import type { Settings } from '../settings/schema';
import { describeMovieLensZip, isZipDrop } from './recsys-drop';

/**
 * What the user dropped on the page, kept in the worker until a dataset setting asks for it:
 * MNIST-format IDX files ('dropped') or a GroupLens zip ('movielens-dropped').
 */
export class DroppedFiles {
  private images: DroppedFile[] | null = null;
  private movielens: DroppedFile[] | null = null;

  /** The files a task of this kind reads. */
  of(kind: TaskKind): DroppedFile[] | null {
    return kind === 'images' ? this.images : this.movielens;
  }

  /** Checks the files now, so a bad drop is refused before anything changes; then keeps them. */
  async accept(files: DroppedFile[], settings: Settings | null): Promise<{ description: string; dataset?: string }> {
    if (isZipDrop(files)) {
      const description = describeMovieLensZip(files[0]);
      this.movielens = files;
      return { description, dataset: 'movielens-dropped' };
    }
    const maxTrain = settings?.dataSize === 'full' ? 60000 : 10000;
    const dataset = await datasetFromDroppedFiles(files, settings?.seed ?? 1, maxTrain);
    this.images = files;
    return { description: dataset.description };
  }
}
