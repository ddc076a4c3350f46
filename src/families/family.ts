import type { QueryName } from '../engine/query-map';
import type { Autoencoder } from '../models/model';
import type { RowKey, RowSettings } from '../settings/schema';
import type { PanelId } from './panel-ids';
import type { TaskKind } from './task-kind';

/** What every family's build gets: the settings, the data's width and the weights' seed. */
export interface BuildContext {
  /** Every setting but the model's name (the family knows its own). */
  settings: RowSettings;
  inputDim: number;
  seed: number;
  /** Long fits (EASE) stop when the user cancels. */
  signal?: AbortSignal;
}

/** What the clicks task knows that recommenders are built from; the costly fits run on demand. */
export interface ClickFits {
  /** Rows of the training matrix: the 'auto' β annealing is rescaled by updates per epoch. */
  trainUsers: number;
  /** popularity_j = Σ_u X_uj over the training users. */
  popularity: Float32Array;
  /** EASE's B (items × items, row-major) for λ, fitted with progress (cached per λ). */
  ease(lambda: number, signal?: AbortSignal): Promise<Float32Array>;
  /** Item-kNN's S (items × items, row-major; column i holds item i's k neighbours) for k and shrink h (cached per pair). */
  knn(k: number, shrink: number, signal?: AbortSignal): Promise<Float32Array>;
}

/** What the ratings task offers its models: the matrix's size and the baselines' fits. */
export interface RatingFits {
  users: number;
  items: number;
  /** Rows of the training matrix the family asked for (items for I-AutoRec, users for U-AutoRec). */
  rows: number;
  /** r̂ = μ + b_u + b_i for (user, item) index pairs, clipped to the scale (the biases baseline). */
  biases(lambda: number): (users: Int32Array, items: Int32Array) => Float32Array;
  /** Biased MF of rank K fitted by SGD (seconds, with progress; cached per rank). */
  mf(rank: number, signal?: AbortSignal): Promise<(users: Int32Array, items: Int32Array) => Float32Array>;
}

/** The build context of each task kind. */
export interface TaskBuildContext {
  images: BuildContext;
  clicks: BuildContext & { clicks: ClickFits };
  ratings: BuildContext & { ratings: RatingFits };
}

/**
 * One model family, declared in one file under src/families/. Everything that lists
 * models (the model control, the schema's enum, validation, the panels, the worker's
 * builder) reads the registry of these (src/families/index.ts).
 *
 * N: its name; T: its task kind; L: the settings it takes live (without a new run);
 * M: the model its build returns, whose diagnostics type the panels read.
 */
export interface ModelFamily<N extends string = string, T extends TaskKind = TaskKind, L extends RowKey = RowKey, M extends Autoencoder = Autoencoder> {
  readonly name: N;
  readonly label: string;
  /** One line for the model control's help. */
  readonly help: string;
  readonly task: T;
  /** Rows of the settings table shown under the model control, in order. */
  readonly settings: readonly RowKey[];
  /** Settings handed to the model's setLive when they change (each must not reset the run). */
  readonly live: readonly L[];
  /** False for closed-form models (EASE, popularity): nothing to optimise, Play says so. */
  readonly trains: boolean;
  /** Its panels, in order (the loss chart included); ids resolve in src/panels/panel-registry.ts. */
  readonly panels: readonly PanelId[];
  /** The worker queries its model (or its task) answers for its panels. */
  readonly queries: readonly QueryName[];
  /** Ratings task: what a row of the training matrix is (I-AutoRec: an item's ratings over all users). */
  readonly ratingRows?: 'items' | 'users';
  /** Builds the model; the model code loads lazily, so the main thread never imports tfjs. */
  build(ctx: TaskBuildContext[T]): Promise<M>;
}

/** Declares a family with its types inferred (and checked) from the literal. */
export const defineFamily = <N extends string, T extends TaskKind, L extends RowKey, M extends Autoencoder<object, Pick<RowSettings, L>>>(
  f: ModelFamily<N, T, L, M>,
): ModelFamily<N, T, L, M> => f;

/** The diagnostics a family's model reports at each snapshot (what its panels read). */
export type DiagnosticsOf<F> = F extends ModelFamily<string, TaskKind, RowKey, infer M> ? (M extends Autoencoder<infer D> ? D : never) : never;
