import type { ModelName } from '../families';
import type { Autoencoder } from '../models/model';
import { BestCheckpoint } from './best-checkpoint';
import type { RatingErrors, RatingsBest } from './ratings-types';

/**
 * What the ratings task tracks for one run (one model object): the latest validation errors,
 * and the lowest validation RMSE so far with a copy of its weights (AutoRec overfits within a
 * few epochs when λ is small: the checkpoint is what the results table reports).
 */
export class RatingsRun {
  lastValAt = -Infinity;
  validation: RatingErrors | null = null;
  private readonly checkpoint: BestCheckpoint<RatingsBest>;

  constructor(
    readonly model: Autoencoder,
    readonly family: ModelName,
    readonly trainable: boolean,
  ) {
    this.checkpoint = new BestCheckpoint(model);
  }

  get best(): RatingsBest | null {
    return this.checkpoint.best;
  }

  saveBest(best: RatingsBest): void {
    this.checkpoint.save(best);
  }

  restoreBest(): number {
    return this.checkpoint.restore();
  }

  dispose(): void {
    this.checkpoint.dispose();
  }
}
