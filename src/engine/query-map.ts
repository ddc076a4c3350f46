// The worker's queries, by name: what a panel or window.lab sends and what comes back.
// Shared by the worker (models and tasks answer them) and the client (engine.query), so a
// renamed query or a changed result is a compile error on both sides. Types only.
import type { exportSplit } from '../data/movielens/protocol';
import type { CorruptionKind } from '../models/corruption';
import type { DenoiseResult } from '../models/ae-diagnostics';
import type { InterpolationResult } from '../models/vae-diagnostics';
import type { LayersExport } from './layers-export';
import type { PretrainArgs, PretrainResult } from './pretrain';
import type { RatingsBlock, RatingsScatter, RatingsUserView } from './ratings-types';
import type { AmortizationGapResult } from './recsys-amortization';
import type { CodeMapResult, CodeViewAnswer, DecodedPoint, FeatureProbeResult, RandomCodesResult } from './image-queries';
import type { SweepArgs, SweepResult } from './recsys-sweep';
import type { HeldOutUserView } from './recsys-types';
import type { exportRatingsSplit } from '../data/movielens/ratings-split';

export interface QueryMap {
  /** Images, any model: one probe digit's code h, the decoder's tiles and their weighted sum (image-queries.ts). */
  codeView: { args: { index: number }; result: CodeViewAnswer };
  /** Images, any model: linear-probe and kNN test accuracy of the code, the raw pixels and PCA with the same K. */
  featureProbe: { args: { nTrain?: number; nTest?: number; steps?: number; k?: number }; result: FeatureProbeResult };
  /** Images, any model: n codes from N(0, I) and from a Gaussian fitted to the probe codes, decoded. */
  randomCodes: { args: { n?: number; seed?: number }; result: RandomCodesResult };
  /** Images, any model: the probe digits' 2-D code map beside PCA's 2-D projection of their pixels. */
  codeMap: { args: Record<string, never>; result: CodeMapResult };
  /** Images (the VAE's latent map; the task answers it for any model): where n given images (n × D, e.g. your drawings) land on the probe codes' 2-D map, [n × 2]. */
  mapPoints: { args: { images: Float32Array; n: number }; result: Float32Array };
  /** Images, any model: decodes the code under a point (x, y) of the code map. */
  decodeMapPoint: { args: { x: number; y: number }; result: DecodedPoint };
  /** Images: reconstructs n given images (n × D, row-major), e.g. a digit drawn on the pad. */
  reconstruct: { args: { images: Float32Array; n: number }; result: Float32Array };
  /** VAE: decodes the line between the posterior means of two probe digits. */
  interpolate: { args: { from: number; to: number; steps?: number }; result: InterpolationResult };
  /** VAE: decodes one latent point (a click on the latent map). */
  decode: { args: { z: number[] }; result: Float32Array };
  /** Dense autoencoders: corrupts the first `count` probe digits and reconstructs them. */
  denoise: { args: { kind?: CorruptionKind; level?: number; seed?: number; count?: number }; result: DenoiseResult };
  /** Clicks or ratings: the split as plain JSON, to check results outside the lab. */
  exportSplit: { args: Record<string, never>; result: ReturnType<typeof exportSplit> | ReturnType<typeof exportRatingsSplit> };
  /** Clicks: one held-out user's fold-in, targets and the model's top n. */
  heldOutUser: { args: { part: 'validation' | 'test'; index: number; n?: number }; result: HeldOutUserView };
  /** Mult-VAE: each held-out user's q(z) fitted freely from the encoder's output (Adam, `steps`); ELBOs and NDCG@100 before and after. */
  amortizationGap: { args: { part: 'validation' | 'test'; steps?: number }; result: AmortizationGapResult };
  /** Clicks: trains each variant of the current settings (× weight seeds) on the current split; test metrics at the best validation epoch. */
  sweep: { args: SweepArgs; result: SweepResult };
  /** Clicks: the top n for a made-up user who clicked these item columns. */
  recommend: { args: { items: number[]; n?: number }; result: number[] };
  /** Clicks or ratings: puts the best validation checkpoint back; resolves with its step. */
  restoreBest: { args: Record<string, never>; result: { step: number } };
  /** Ratings: one user's rated movies (actual and predicted) and the unrated ones predicted highest. */
  ratingsUser: { args: { index: number; n?: number }; result: RatingsUserView };
  /** Ratings: predicted against actual on up to `n` test ratings. */
  ratingsScatter: { args: { n?: number }; result: RatingsScatter };
  /** Ratings: a block of R before and after completion, and the weights one item's error updates. */
  ratingsBlock: { args: { users?: number; items?: number }; result: RatingsBlock };
  /** Images, any model: greedy layer-wise pre-training of a deep AE, fine-tuned, against the same AE from random init (pretrain.ts); the session answers it. */
  pretrainComparison: { args: PretrainArgs; result: PretrainResult };
  /** Any dense network: its encoder and decoder as TensorFlow.js Layers models (layers-export.ts); the session answers it for every family. */
  layersModel: { args: Record<string, never>; result: LayersExport };
}

export type QueryName = keyof QueryMap;
export type QueryArgs<Q extends QueryName> = QueryMap[Q]['args'];
export type QueryResult<Q extends QueryName> = QueryMap[Q]['result'];

/** A query as it crosses the worker boundary (name and args checked together). */
export type AnyQuery = { [Q in QueryName]: { name: Q; args: QueryArgs<Q> } }[QueryName];
