import * as tf from '@tensorflow/tfjs-core';
import type { ModelName } from '../families';
import type { Autoencoder } from '../models/model';
import { BestCheckpoint } from './best-checkpoint';
import type { RankingMetrics, UnitMovies } from './recsys-types';

/** How many code/hidden units the "weight rows" panel lists, and movies per unit. */
const UNITS_SHOWN = 12;
const MOVIES_PER_UNIT = 8;

export interface RecsysBest {
  step: number;
  validation: RankingMetrics;
  test: RankingMetrics;
}

/**
 * What the MovieLens task tracks for one run (one model object): the latest validation
 * metrics, and the best validation NDCG@100 so far with a copy of its weights.
 */
export class RecsysRun {
  lastValAt = -Infinity;
  validation: RankingMetrics | null = null;
  units: UnitMovies[] | null = null;
  private readonly checkpoint: BestCheckpoint<RecsysBest>;

  /** `trainable`: the family's declaration (closed-form models keep no checkpoints). */
  constructor(
    readonly model: Autoencoder,
    readonly family: ModelName,
    readonly trainable: boolean,
    /** The family's label (a name alone is ambiguous: 'linear' runs on images and on clicks). */
    readonly label: string,
  ) {
    this.checkpoint = new BestCheckpoint(model);
  }

  get best(): RecsysBest | null {
    return this.checkpoint.best;
  }

  /** Keeps `best` and a copy of the weights it was measured with (replacing the last copy). */
  saveBest(best: RecsysBest): void {
    this.checkpoint.save(best);
  }

  /** Puts the best checkpoint's weights back into the model; returns its step. */
  restoreBest(): number {
    return this.checkpoint.restore();
  }

  dispose(): void {
    this.checkpoint.dispose();
  }
}

/** The last decoder layer's kernel (hidden units × items), whose rows write into the item scores. */
function lastDecoderKernel(model: Autoencoder): tf.Variable | null {
  let best: [number, tf.Variable] | null = null;
  for (const [name, v] of Object.entries(model.variables())) {
    const m = /^decoder\/layer(\d+)\/kernel$/.exec(name);
    if (m && (!best || Number(m[1]) > best[0])) best = [Number(m[1]), v];
  }
  return best?.[1] ?? null;
}

/**
 * For the units with the largest decoder rows ‖W_h‖₂, the movies with the largest weights
 * W_hi: what switching that unit on adds to the scores. Computed on the device.
 */
export async function unitMovies(model: Autoencoder): Promise<UnitMovies[] | null> {
  const w = lastDecoderKernel(model);
  if (!w || w.shape.length !== 2) return null;
  const [hidden, items] = w.shape as [number, number];
  const [norms, units, movies] = tf.tidy(() => {
    const rowNorms = tf.sqrt(tf.sum(tf.square(w), 1));
    const top = tf.topk(rowNorms, Math.min(UNITS_SHOWN, hidden));
    return [top.values, top.indices, tf.topk(tf.gather(w, top.indices), Math.min(MOVIES_PER_UNIT, items)).indices];
  });
  const [n, u, m] = await Promise.all([norms.data(), units.data(), movies.data()]);
  tf.dispose([norms, units, movies]);
  const per = Math.min(MOVIES_PER_UNIT, items);
  return Array.from(u, (unit, r) => ({ unit, norm: n[r], items: Array.from(m.subarray(r * per, (r + 1) * per)) }));
}
