import type * as tf from '@tensorflow/tfjs';
import type { DroppedFile } from '../data/dropped-idx';
import type { FetchBytes } from '../data/mnist-source';
import type { Autoencoder } from '../models/model';
import type { Settings } from '../settings/schema';
import type { Reference } from './protocol';
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
}

/** The task-specific part of a snapshot. */
export interface TaskSnapshot {
  /** Rows the weight panel draws (K×784 for images; for recommenders empty). */
  weightRows: Float32Array;
  latent: number;
  reconstructions: Float32Array;
  extras?: Record<string, unknown>;
}

/**
 * A dataset and what the engine does with it beyond training: the images task
 * (MNIST-format data, PCA, reconstructions) or the recommender task (MovieLens,
 * ranking metrics). The session owns the loop; the task owns the data.
 */
export interface Task {
  readonly kind: 'images' | 'recsys';
  /** Settings whose change means loading the data again. */
  readonly loadKeys: readonly (keyof Settings)[];
  readonly inputDim: number;
  readonly device: DeviceData;
  /** A fixed batch of test inputs for the models' diagnostics. */
  readonly probe: tf.Tensor2D;
  reference(settings: Settings): Promise<Reference>;
  /** Called at each snapshot; `add` records a metric point at the current step. */
  snapshot(model: Autoencoder, add: (name: string, value: number) => void, step: number): Promise<TaskSnapshot>;
  /** Builds the model when the task must fit or size it (recommenders: EASE, popularity, β annealing); else the registry's. */
  createModel?(settings: Settings, signal?: AbortSignal): Promise<Autoencoder>;
  /** Extra test metrics for window.lab.evaluate() (PCA optimum, NDCG…). */
  evaluate(model: Autoencoder): Promise<Record<string, number>>;
  query?(name: string, args: unknown, model: Autoencoder): Promise<unknown>;
  /** The same data on the current (new) backend, reusing CPU-side work such as PCA. */
  reupload(): Promise<Task>;
  dispose(): void;
}
