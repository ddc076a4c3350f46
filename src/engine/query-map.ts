// The worker's queries, by name: what a panel or window.lab sends and what comes back.
// Shared by the worker (models and tasks answer them) and the client (engine.query), so a
// renamed query or a changed result is a compile error on both sides. Types only.
import type { exportSplit } from '../data/movielens/protocol';
import type { CorruptionKind } from '../models/corruption';
import type { DenoiseResult } from '../models/ae-diagnostics';
import type { InterpolationResult } from '../models/vae-diagnostics';
import type { HeldOutUserView } from './recsys-types';

export interface QueryMap {
  /** Images: reconstructs n given images (n × D, row-major), e.g. a digit drawn on the pad. */
  reconstruct: { args: { images: Float32Array; n: number }; result: Float32Array };
  /** VAE: decodes the line between the posterior means of two probe digits. */
  interpolate: { args: { from: number; to: number; steps?: number }; result: InterpolationResult };
  /** VAE: decodes one latent point (a click on the latent map). */
  decode: { args: { z: number[] }; result: Float32Array };
  /** Dense autoencoders: corrupts the first `count` probe digits and reconstructs them. */
  denoise: { args: { kind?: CorruptionKind; level?: number; seed?: number; count?: number }; result: DenoiseResult };
  /** Clicks: the split as plain JSON, to check results outside the lab. */
  exportSplit: { args: Record<string, never>; result: ReturnType<typeof exportSplit> };
  /** Clicks: one held-out user's fold-in, targets and the model's top n. */
  heldOutUser: { args: { part: 'validation' | 'test'; index: number; n?: number }; result: HeldOutUserView };
  /** Clicks: the top n for a made-up user who clicked these item columns. */
  recommend: { args: { items: number[]; n?: number }; result: number[] };
  /** Clicks: puts the best validation checkpoint back; resolves with its step. */
  restoreBest: { args: Record<string, never>; result: { step: number } };
}

export type QueryName = keyof QueryMap;
export type QueryArgs<Q extends QueryName> = QueryMap[Q]['args'];
export type QueryResult<Q extends QueryName> = QueryMap[Q]['result'];

/** A query as it crosses the worker boundary (name and args checked together). */
export type AnyQuery = { [Q in QueryName]: { name: Q; args: QueryArgs<Q> } }[QueryName];
