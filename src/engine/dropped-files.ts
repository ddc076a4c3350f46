import { datasetFromDroppedFiles, type DroppedFile } from '../data/dropped-idx';
import { isDamagedImage } from '../data/own-images';
import type { TaskKind } from '../families';
import type { Settings } from '../settings/schema';
import { acceptOwn, takeOwnOptions, type ImageDrops } from './own-data';
import { describeMovieLensZip, isZipDrop } from './recsys-drop';

/**
 * What the user dropped on the page, kept in the worker until a dataset setting asks for it:
 * MNIST-format IDX files ('dropped') or a GroupLens zip ('movielens-dropped').
 */
export class DroppedFiles {
  /** IDX files, with your own images or table (own-data.ts) kept beside them. */
  private images: ImageDrops | null = null;
  private movielens: DroppedFile[] | null = null;

  /** The files a task of this kind reads. */
  of(kind: TaskKind): DroppedFile[] | null {
    return kind === 'images' ? this.images : this.movielens;
  }

  /** Checks the files now, so a bad drop is refused before anything changes; then keeps them. */
  async accept(dropped: DroppedFile[], settings: Settings | null): Promise<{ description: string; dataset?: string; patch?: Record<string, unknown> }> {
    const { files, options } = takeOwnOptions(dropped);
    const own = acceptOwn(files, options, settings?.seed ?? 1);
    if (own) {
      const before = this.images?.own;
      // New images keep the ones before them until they have loaded (own-data.ts).
      if (own.own.images && before?.images) own.own.images.previous = before.images.pool ? { ...before.images, previous: undefined } : before.images.previous;
      const kept: ImageDrops = Object.assign([...(this.images ?? [])], { own: { ...before, ...own.own } });
      this.images = kept;
      // New data behind the same id: the settings in force no longer describe the task, so the switch the client sends next reloads.
      if (settings && settings.dataset === own.accepted.dataset) (settings as { dataset: string }).dataset = 'dropped';
      return own.accepted;
    }
    if (isZipDrop(files)) {
      const description = describeMovieLensZip(files[0]);
      this.movielens = files;
      return { description, dataset: 'movielens-dropped' };
    }
    const maxTrain = settings?.dataSize === 'full' ? 60000 : 10000;
    const dataset = await datasetFromDroppedFiles(files, settings?.seed ?? 1, maxTrain).catch((e: Error) => {
      // A damaged image alone reaches the IDX reader: say what it looked like too.
      const damaged = files.filter((f) => isDamagedImage(f.bytes)).map((f) => f.name);
      throw damaged.length ? new Error(`${e.message} ${damaged.join(', ')} starts like an image but is damaged or cut short, so it could not be decoded.`) : e;
    });
    this.images = Object.assign(files, { own: this.images?.own });
    return { description: dataset.description };
  }
}
