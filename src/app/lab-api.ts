import { isMovieLens } from '../families/datasets';
import type { QueryArgs, QueryResult } from '../engine/query-map';
import type { History } from '../engine/history';
import type { EvalMetrics } from '../engine/protocol';
import type { Settings } from '../settings/schema';
import { useLab } from '../state/store';
import type { EngineClient } from '../client/engine-client';
import { applyPreset, type PresetApplied, type PresetStart } from '../runs/checkpoints';
import type { RunsController } from '../runs/runs-controller';

/** The scripting API on window.lab (documented in the README; the browser tests use it). */
export interface LabApi {
  ready(): Promise<void>;
  state(): Settings;
  set(patch: Partial<Settings>): Promise<Settings>;
  play(): void;
  pause(): void;
  reset(): Promise<void>;
  step(n?: number): Promise<{ step: number }>;
  metrics(): History;
  /** threads: CPU threads in use (WASM, CPU); isolated: whether the page is cross-origin isolated. */
  backend(): { name: string; adapter: string; threads?: number; isolated?: boolean } | null;
  evaluate(): Promise<EvalMetrics>;
  exportWeights(): Promise<Record<string, { shape: number[]; values: Float32Array }>>;
  /** tf.memory() in the worker: numTensors stays flat while training. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** MovieLens only: the split (user ids per part, item index, fold-in/target movie ids per held-out user). */
  exportSplit(): Promise<QueryResult<'exportSplit'>>;
  /** Clicks (Mult-VAE, Mult-DAE, linear): trains variants of the current settings on the current split; the current run stays. */
  sweep(args: QueryArgs<'sweep'>): Promise<QueryResult<'sweep'>>;
  /** Images: greedy layer-wise pre-training against the same stack from random init (the pre-training panel's run); the current run stays. */
  pretrain(args: QueryArgs<'pretrainComparison'>): Promise<QueryResult<'pretrainComparison'>>;
  /** The data in use: its id, kind, counts, image size (or a table's columns) and label names; null before it loads. */
  dataset(): DatasetInfo | null;
  /**
   * Applies a preset as the presets menu does: from scratch (step 0), or from its shipped checkpoint
   * (from: 'checkpoint': step N with the recorded history, paused). A refused checkpoint starts from scratch and says why in `refused`.
   */
  applyPreset(id: string, options?: { from?: PresetStart }): Promise<PresetApplied>;
}

/** What lab.dataset() says about the current data. */
export interface DatasetInfo {
  id: string;
  /** 'images' (MNIST, IDX files, your images, MNIST + your drawings), 'table' (your CSV), or the MovieLens tasks. */
  kind: 'images' | 'table' | 'clicks' | 'ratings';
  train: number;
  test: number;
  /** Images: width × height × channels; a table: its numeric columns (width = their count, height 1). */
  size: { width: number; height: number; channels: number } | null;
  columns: string[] | null;
  /** Label names (sub-folders, a table's label values); digits '0'…'9' for MNIST; null if unlabelled. */
  labels: string[] | null;
  description: string;
}

/** The current dataset, from the reference the worker sent. */
function datasetInfo(): DatasetInfo | null {
  const { reference: r, settings } = useLab.getState();
  if (!r) return null;
  const base = { id: settings.dataset, train: r.nTrain, test: r.nTest, description: r.datasetDescription };
  if (r.kind !== 'images') return { ...base, kind: r.kind, size: null, columns: null, labels: null };
  const digits = r.probeLabels.length ? [...new Set(r.probeLabels)].sort((a, b) => a - b).map(String) : null;
  return { ...base, kind: r.table ? 'table' : 'images', size: { ...r.image }, columns: r.table?.columns ?? null, labels: r.labelNames ?? digits };
}

export function createLabApi(engine: EngineClient, runs: RunsController): LabApi {
  return {
    ready: () => engine.ready(),
    state: () => structuredClone(useLab.getState().settings),
    set: (patch) => engine.set(patch as Record<string, unknown>),
    play: () => engine.play(),
    pause: () => engine.pause(),
    reset: () => engine.reset(),
    step: (n = 1) => engine.step(n),
    metrics: () => structuredClone(useLab.getState().history),
    backend: () => {
      const b = useLab.getState().backend;
      return b ? { name: b.name, adapter: b.adapter, threads: b.threads, isolated: b.isolated } : null;
    },
    evaluate: () => engine.evaluate(),
    memory: () => engine.memory(),
    exportSplit: () => {
      if (!isMovieLens(useLab.getState().settings.dataset))
        return Promise.reject(new Error('exportSplit() needs a MovieLens dataset (set dataset to movielens-100k or movielens-latest-small).'));
      return engine.query('exportSplit', {});
    },
    sweep: (args) => engine.query('sweep', args),
    pretrain: (args) => engine.query('pretrainComparison', args),
    dataset: datasetInfo,
    applyPreset: (id, options = {}) => applyPreset(engine, runs, id, options.from ?? 'scratch'),
    exportWeights: async () => Object.fromEntries((await engine.exportWeights()).map((v) => [v.name, { shape: v.shape, values: v.values }])),
  };
}

declare global {
  interface Window {
    lab: LabApi;
  }
}
