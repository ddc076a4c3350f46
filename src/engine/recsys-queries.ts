import * as tf from '@tensorflow/tfjs-core';
import { exportSplit, type MovieLensSplit } from '../data/movielens/protocol';
import { csrRow } from '../math/csr';
import type { Autoencoder } from '../models/model';
import { amortizationGapArgs, amortizationGapOfPart } from './recsys-amortization';
import type { HeldOutOnDevice } from './recsys-baselines';
import { recommendFor, topKOnDevice } from './recsys-eval';
import type { QueryName, QueryResult } from './query-map';
import type { HeldOutUserView } from './recsys-types';

const MAX_LIST = 100;

const count = (v: unknown, fallback: number, max: number): number => {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`n must be a whole number from 1 to ${max} (got ${String(v)}).`);
  return n;
};

/** One held-out user: their fold-in clicks, the hidden targets and the model's top n. */
async function heldOutUser(args: Record<string, unknown>, model: Autoencoder, split: MovieLensSplit, heldOut: HeldOutOnDevice): Promise<HeldOutUserView> {
  const part = args.part === 'validation' ? 'validation' : 'test';
  const p = split[part];
  const users = p.userIds.length;
  const index = Number(args.index ?? 0);
  if (!Number.isInteger(index) || index < 0 || index >= users) throw new Error(`index must be a whole number from 0 to ${users - 1} (got ${String(args.index)}).`);
  const n = count(args.n, 20, MAX_LIST);
  const row = tf.slice(heldOut[part].foldIn, [index, 0], [1, split.itemIds.length]);
  try {
    const recommended = Array.from(await topKOnDevice(model, row as tf.Tensor2D, n));
    return {
      part,
      index,
      count: users,
      userId: p.userIds[index],
      foldIn: Array.from(csrRow(p.foldIn, index)),
      targets: Array.from(csrRow(p.targets, index)),
      recommended,
    };
  } finally {
    row.dispose();
  }
}

/**
 * The MovieLens task's queries:
 * - exportSplit: the split as plain JSON (user ids per part, the item index, fold-in and targets per held-out user);
 * - heldOutUser { part, index, n }: one held-out user's history and top-n (HeldOutUserView);
 * - recommend { items: column indices, n }: the top n for a made-up user who clicked those items (through the encoder);
 * - amortizationGap { part, steps }: the Mult-VAE's ELBO per held-out user with the encoder's q(z) and with a freely fitted one.
 */
export async function answerRecsysQuery(name: QueryName, args: unknown, model: Autoencoder, split: MovieLensSplit, heldOut: HeldOutOnDevice): Promise<QueryResult<QueryName>> {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'exportSplit':
      return exportSplit(split);
    case 'heldOutUser':
      return heldOutUser(a, model, split, heldOut);
    case 'recommend': {
      if (!Array.isArray(a.items)) throw new Error('recommend needs { items: [column indices of liked movies], n }.');
      return recommendFor(model, split.itemIds.length, a.items as number[], count(a.n, 20, MAX_LIST));
    }
    case 'amortizationGap': {
      const { part, steps } = amortizationGapArgs(args);
      return amortizationGapOfPart(model, part, heldOut[part].foldIn, heldOut[part].targets, { steps });
    }
    default:
      if (model.query) return model.query(name, args, heldOut.validation.foldIn);
      throw new Error(`The MovieLens task answers exportSplit, heldOutUser, recommend and restoreBest, not "${name}".`);
  }
}
