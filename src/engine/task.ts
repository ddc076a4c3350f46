import type * as tf from '@tensorflow/tfjs-core';
import type { DroppedFile } from '../data/dropped-idx';
import type { FetchBytes } from '../data/mnist-source';
import type { AnyFamily, TaskKind } from '../families';
import type { Autoencoder } from '../models/model';
import type { Settings } from '../settings/schema';
import type { TaskFits } from './build-model';
import type { Reference } from './protocol';
import type { QueryName, QueryResult } from './query-map';
import type { SeriesName } from './series';
import type { DeviceData } from './trainer';

/** What a task needs to load its data. */
export interface TaskLoadContext {
  settings: Settings;
  datasetsUrl: string;
  fetchBytes: FetchBytes;
  signal: AbortSignal;
  progress: (label: string, fraction: number | null, cancellable?: boolean) => void;
  /** Files the user dropped for this kind of task, if any. */
  dropped: DroppedFile[] | null;
  /** Suits the WASM thread count to `work` multiply–adds before a long computation (EASE's inverse). */
  suitThreadsTo?: (work: number) => Promise<void>;
  /**
   * Settles when the backend has started (at the lab's start it is still starting): a loader reads
   * and decodes its files meanwhile, and waits for this before its first tensor.
   */
  backendReady?: Promise<unknown>;
}

/** What the session lends a query beyond its args: the settings in force and the 'cancel' signal. */
export interface QueryContext {
  settings: Settings;
  signal: AbortSignal;
}

/** Records a metric point at the current step. */
export type AddPoint = (name: SeriesName, value: number) => void;

/** The model being trained and the family it was built from. */
export interface ModelRun {
  readonly family: AnyFamily;
  readonly model: Autoencoder;
}

/** The task-specific part of a snapshot. */
export type TaskSnapshot =
  | {
      kind: 'images';
      /** Rows the weight panel draws (K × D). */
      weightRows: Float32Array;
      latent: number;
      /** Reconstructions of the reference's originals, same shape. */
      reconstructions: Float32Array;
    }
  | { kind: 'clicks'; recsys: import('./recsys-types').RecsysExtras }
  | { kind: 'ratings'; ratings: import('./ratings-types').RatingsExtras };

/**
 * A dataset and what the engine does with it beyond training: the images task
 * (MNIST-format data, PCA, reconstructions) or the clicks task (MovieLens, ranking
 * metrics). The session owns the loop; the task owns the data.
 */
export interface Task {
  readonly kind: TaskKind;
  /** Settings whose change means loading the data again. */
  readonly loadKeys: readonly (keyof Settings)[];
  /** The data on the device for a family (the ratings task: the matrix in the family's orientation). */
  deviceFor(family: AnyFamily): DeviceData;
  /** A fixed batch of test inputs for the models' diagnostics. */
  readonly probe: tf.Tensor2D;
  /** What the families' builds need from this task beyond the settings (the clicks task's fits). */
  readonly fits: TaskFits;
  /** `quick`: leave out what would hold up the first picture (the images task's PCA) if not yet known. */
  reference(settings: Settings, quick?: boolean): Promise<Reference>;
  /** False while a quick reference left something out: the session sends the whole one later. */
  readonly referenceComplete?: boolean;
  /** Called at each snapshot; `add` records a metric point at the current step. */
  snapshot(run: ModelRun, add: AddPoint, step: number): Promise<TaskSnapshot>;
  /** Extra test metrics for window.lab.evaluate() (PCA optimum, NDCG…). */
  evaluate(run: ModelRun): Promise<Record<string, number>>;
  /** Answers a query (the task's own, else the model's). */
  query(run: ModelRun, name: QueryName, args: unknown, ctx?: QueryContext): Promise<QueryResult<QueryName>>;
  /** The same data on the current (new) backend, reusing CPU-side work such as PCA. */
  reupload(): Promise<Task>;
  dispose(): void;
}
