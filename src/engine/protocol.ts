import type { AdapterLook } from './adapter-look';
import type { Diagnostics } from '../families';
import type { Settings } from '../settings/schema';
import type { QueryName } from './query-map';
import type { RatingsReference } from './ratings-types';
import type { RecsysReference } from './recsys-types';
import type { SeriesHistory } from './series';
import type { TaskSnapshot } from './task';

/** The worker's view of the backend in use. */
export interface BackendInfo {
  name: string;
  adapter: string;
  /** Set when the requested backend failed and another was used. */
  note?: string;
  /** CPU threads the backend computes on (WASM: 1 unless the page is cross-origin isolated; else chosen per net, backend.ts). */
  threads?: number;
  /** Whether the page is cross-origin isolated (SharedArrayBuffer, so WASM threads). */
  isolated?: boolean;
  /** navigator.hardwareConcurrency in the worker. */
  cores?: number;
}

export interface ExportedVariable {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Test metrics: mean per-image loss terms on the test split. */
export type EvalMetrics = Record<string, number>;

/** What every task's reference says about the data and the run. */
interface ReferenceBase {
  datasetDescription: string;
  nTrain: number;
  nTest: number;
  latent: number;
}

/** Static reference material for an image dataset and K (sent when they change). */
export interface ImageReference extends ReferenceBase {
  kind: 'images';
  /** The images' size: rows of eigenDigits, originals and the snapshots are width·height·channels long, row by row, channels together. */
  image: { width: number; height: number; channels: number };
  /** Best possible per-image squared error for K on train and test (PCA), when known. */
  pcaTrain: number | null;
  pcaTest: number | null;
  totalVariance: number | null;
  /** Top-K eigenvectors, K × D row-major. */
  eigenDigits: Float32Array | null;
  /** Fixed test images shown in the reconstruction strip, n × D. */
  originals: Float32Array;
  originalLabels: number[];
  /** Labels of the probe batch the diagnostics use (the first test images), if known. */
  probeLabels: number[];
  /**
   * Test −log p(x) per image, in nats, of the mean-image decoder (every pixel predicted by
   * the training mean; the VAE's baseline) under each VAE likelihood. Null in the quick reference
   * of an autoplaying start (two passes over the digits); the complete one follows the first loss.
   */
  meanImageBaseline: { bernoulli: number; gaussian: number } | null;
  /** Own data: what each label index means (sub-folder names, a table's label values); absent for digits. */
  labelNames?: string[];
  /** Own tables: the numeric columns (the input is one row of them, not an image: no pixel tiles). */
  table?: { columns: string[] };
}

/** Static reference material for a MovieLens split: its counts, movies and baselines. */
export interface ClicksReference extends ReferenceBase {
  kind: 'clicks';
  recsys: RecsysReference;
}

/** Static reference material for a MovieLens ratings split: scale, counts, movies and baselines. */
export interface RatingsReferenceMessage extends ReferenceBase {
  kind: 'ratings';
  ratings: RatingsReference;
}

export type Reference = ImageReference | ClicksReference | RatingsReferenceMessage;

/** What every snapshot carries, whatever the task. */
interface SnapshotBase {
  step: number;
  epoch: number;
  samplesPerSecond: number;
  /** New points per series since the previous snapshot. */
  increments: SeriesHistory;
  /** The model's own diagnostics (see Autoencoder.diagnostics), typed by family. */
  diagnostics: Diagnostics;
}

/** A snapshot is the task's part (TaskSnapshot: weight rows and reconstructions, or ranking metrics) plus the common part. */
export type Snapshot = SnapshotBase & TaskSnapshot;
export type ImageSnapshot = SnapshotBase & Extract<TaskSnapshot, { kind: 'images' }>;
export type ClicksSnapshot = SnapshotBase & Extract<TaskSnapshot, { kind: 'clicks' }>;
export type RatingsSnapshot = SnapshotBase & Extract<TaskSnapshot, { kind: 'ratings' }>;

export type ToWorker =
  /**
   * `play`: train as soon as the run is built (the page's autoplay), without a round trip.
   * `pageFetches`: the page fetches the settings' MNIST files and posts each as 'early-bytes'.
   * `pageLooks`: the page looks at the WebGPU adapter and posts what it saw as 'adapter-look'.
   */
  | { type: 'init'; settings: Settings; datasetsUrl: string; play?: boolean; pageFetches?: boolean; pageLooks?: boolean }
  /** The page's look at the WebGPU adapter (init's pageLooks); null: there is none. */
  | { type: 'adapter-look'; look: AdapterLook | null }
  /** A file the page fetched for the worker (init's pageFetches); null: the page's fetch failed. */
  | { type: 'early-bytes'; url: string; bytes: Uint8Array | null }
  | { type: 'settings'; id: number; settings: Settings }
  | { type: 'play' }
  | { type: 'pause' }
  /** Cancels the long job in progress (loading data); the current run stays. */
  | { type: 'cancel' }
  | { type: 'reset'; id: number }
  | { type: 'step'; id: number; n: number }
  | { type: 'evaluate'; id: number }
  | { type: 'export'; id: number }
  | { type: 'memory'; id: number }
  /** Replaces the current model's variables (same names and shapes); history restarts from `step`. */
  | { type: 'import-weights'; id: number; weights: ExportedVariable[]; step: number }
  /** A model's or task's query (see query-map.ts), e.g. an interpolation between two digits. */
  | { type: 'query'; id: number; name: QueryName; args: unknown }
  /** Files dropped or chosen (an entry named OWN_OPTIONS_ENTRY, engine/own-data.ts, carries the import controls' choices). */
  | { type: 'drop'; id: number; files: { name: string; bytes: Uint8Array }[] }
  /** Test hook: destroys the WebGPU device in use, as a driver reset would (the lab moves to WASM). */
  | { type: 'lose-device' };

export type FromWorker =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'progress'; label: string; fraction: number | null; cancellable?: boolean }
  | { type: 'reference'; reference: Reference }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'running'; running: boolean }
  /** A new run started: the main thread clears its history. */
  | { type: 'run-reset' }
  /** The current run's history, replacing the main thread's (after a lost device rolled it back to its last copied step). */
  | { type: 'history'; history: SeriesHistory }
  /** Settings the worker could not apply; it still runs on these. */
  | { type: 'settings-rejected'; settings: Settings; error: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };
