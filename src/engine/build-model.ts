import { familyFor, type ClickFits, type RatingFits } from '../families';
import { subSeed } from '../math/rng';
import type { Autoencoder } from '../models/model';
import type { Settings } from '../settings/schema';

/** What a task offers the families' builds beyond the settings (the clicks task: its fits). */
export interface TaskFits {
  clicks?: ClickFits;
  /** The ratings task's fits for a family (the rows depend on its ratingRows). */
  ratings?: (rows: 'items' | 'users') => RatingFits;
}

/**
 * Builds the model the settings name through its family's descriptor, for data of the given
 * width. Throws (the session keeps the old run) when the task cannot serve the family.
 */
export async function buildModel(s: Settings, inputDim: number, fits: TaskFits = {}, signal?: AbortSignal): Promise<Autoencoder> {
  const family = familyFor(s);
  const base = { settings: s, inputDim, seed: subSeed(s.seed, 'weights'), signal };
  switch (family.task) {
    case 'images':
      return family.build(base);
    case 'clicks':
      if (!fits.clicks) throw new Error(`The ${family.label} model recommends movies: choose a MovieLens dataset.`);
      return family.build({ ...base, clicks: fits.clicks });
    case 'ratings':
      if (!fits.ratings) throw new Error(`The ${family.label} model predicts ratings: choose a MovieLens dataset and the ratings task.`);
      return family.build({ ...base, ratings: fits.ratings(family.ratingRows ?? 'items') });
  }
}
