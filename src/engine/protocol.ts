import type { Settings } from '../settings/schema';
import type { Diagnostic } from '../models/model';
import type { Point } from './history';
import type { RecsysReference } from './recsys-types';

/** The worker's view of the backend in use. */
export interface BackendInfo {
  name: string;
  adapter: string;
  /** Set when the requested backend failed and another was used. */
  note?: string;
}

export interface ExportedVariable {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Test metrics: mean per-image loss terms on the test split. */
export type EvalMetrics = Record<string, number>;

/** Static reference material for the current dataset and K (sent when they change). */
export interface Reference {
  kind: 'images' | 'recsys';
  datasetDescription: string;
  nTrain: number;
  nTest: number;
  latent: number;
  /** Best possible per-image squared error for K on train and test (PCA), when known. */
  pcaTrain: number | null;
  pcaTest: number | null;
  totalVariance: number | null;
  /** Top-K eigenvectors, K×784 row-major. */
  eigenDigits: Float32Array | null;
  /** Fixed test digits shown in the reconstruction strip, n×784. */
  originals: Float32Array;
  originalLabels: number[];
  /** Labels of the probe batch the diagnostics use (the first test digits), if known. */
  probeLabels: number[];
  /**
   * Test −log p(x) per image, in nats, of the mean-image decoder (every pixel predicted by
   * the training mean; the VAE's baseline) under each VAE likelihood, when known.
   */
  meanImageBaseline?: { bernoulli: number; gaussian: number };
  /** The MovieLens split, its movies and the baselines' metrics (recommender tasks only). */
  recsys?: RecsysReference;
}

export interface Snapshot {
  step: number;
  epoch: number;
  samplesPerSecond: number;
  /** New points per series since the previous snapshot. */
  increments: Record<string, Point[]>;
  /** K×784 rows the weight panel draws. */
  weightRows: Float32Array;
  latent: number;
  /** Reconstructions of Reference.originals, same shape. */
  reconstructions: Float32Array;
  /** The model's own diagnostics (see Autoencoder.diagnostics). */
  diagnostics: Record<string, Diagnostic>;
  /** Task-specific extras (e.g. the recommender's validation metrics). */
  extras?: Record<string, unknown>;
}

export type ToWorker =
  | { type: 'init'; settings: Settings; datasetsUrl: string }
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
  /** Reconstructs n given 784-pixel images (e.g. a digit drawn on the pad). */
  | { type: 'reconstruct'; id: number; images: Float32Array; n: number }
  /** A model-specific request (Autoencoder.query), e.g. an interpolation between two digits. */
  | { type: 'query'; id: number; name: string; args: unknown }
  | { type: 'drop'; id: number; files: { name: string; bytes: Uint8Array }[] };

export type FromWorker =
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'progress'; label: string; fraction: number | null; cancellable?: boolean }
  | { type: 'reference'; reference: Reference }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'running'; running: boolean }
  /** A new run started: the main thread clears its history. */
  | { type: 'run-reset' }
  /** Settings the worker could not apply; it still runs on these. */
  | { type: 'settings-rejected'; settings: Settings; error: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };
