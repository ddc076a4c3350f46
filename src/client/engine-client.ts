import { mnistUrls } from '../data/mnist-source';
import { lookAtAdapter, needsAdapter } from '../engine/adapter-look';
import { appendAll, type History } from '../engine/history';
import type { EvalMetrics, ExportedVariable, FromWorker, ToWorker } from '../engine/protocol';
import type { QueryArgs, QueryName, QueryResult } from '../engine/query-map';
import { TRAIN_KEYS, type Settings } from '../settings/schema';
import { encodeHash } from '../settings/url-hash';
import { applyPatch } from '../settings/validate';
import { notify, setLive, useLab } from '../state/store';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * The main thread's handle on the training worker: it posts commands, turns the
 * worker's messages into store updates, and matches replies to requests.
 */
export class EngineClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  /** Called when the worker starts a fresh run (the runs controller listens). */
  onRunReset: (() => void) | null = null;

  /** `worker`: the training worker (app/start-worker.ts starts it before the page's other modules run). */
  constructor(worker: Worker) {
    this.readyPromise = new Promise((r) => (this.resolveReady = r));
    this.worker = worker;
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => notify('error', `The training worker failed: ${e.message}`);
  }

  /** `play`: train as soon as the first run is built (the worker starts the loop itself). */
  start(settings: Settings, play = false): void {
    useLab.setState({ settings });
    const datasetsUrl = new URL('datasets/', document.baseURI).href;
    // The page fetches the digits while the worker's own script still loads (the slowest part of
    // the first picture), and hands them over; the worker would start only once it has loaded.
    const pageFetches = settings.dataset === 'mnist';
    // The page asks for the WebGPU adapter now too, so its answer (slow where the GPU process
    // has to start WebGPU) is in by the time the worker's tfjs has loaded and needs it.
    const pageLooks = needsAdapter(settings.backend);
    this.post({ type: 'init', settings, datasetsUrl, play, pageFetches, pageLooks });
    if (pageLooks)
      void lookAtAdapter().then(
        (look) => this.post({ type: 'adapter-look', look }),
        () => this.post({ type: 'adapter-look', look: null }),
      );
    if (pageFetches) for (const url of mnistUrls(datasetsUrl, settings.dataSize)) void this.fetchForWorker(url);
  }

  /**
   * One file for the worker (transferred, not copied); on any failure the worker fetches it itself.
   * Low priority: the page's own scripts (React, the views) load first.
   */
  private async fetchForWorker(url: string): Promise<void> {
    const bytes = await fetch(url, { priority: 'low' })
      .then((r) => (r.ok ? r.arrayBuffer() : null))
      .then((b) => (b ? new Uint8Array(b) : null))
      .catch(() => null);
    this.post({ type: 'early-bytes', url, bytes }, bytes ? [bytes.buffer] : []);
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  private post(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private request<T>(make: (id: number) => ToWorker, transfer: Transferable[] = []): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post(make(id), transfer);
    });
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'backend':
        useLab.setState({ backend: msg.backend });
        if (msg.backend.note) notify('info', msg.backend.note);
        return;
      case 'progress':
        useLab.setState({ progress: msg.fraction === 1 && !msg.label ? null : { label: msg.label, fraction: msg.fraction, cancellable: msg.cancellable } });
        return;
      case 'reference':
        useLab.setState({ reference: msg.reference, ready: true, progress: null });
        this.resolveReady();
        return;
      case 'run-reset':
        useLab.setState((s) => ({ history: {}, historyVersion: s.historyVersion + 1, snapshot: null }));
        this.onRunReset?.();
        return;
      case 'history':
        useLab.setState((s) => ({ history: msg.history as History, historyVersion: s.historyVersion + 1 }));
        return;
      case 'snapshot':
        // Live: each panel re-renders in its own task, and snapshots the page could not keep up with fold into one.
        setLive((s) => {
          appendAll(s.history, msg.snapshot.increments);
          return { snapshot: msg.snapshot, historyVersion: s.historyVersion + 1 };
        });
        return;
      case 'running':
        useLab.setState({ running: msg.running });
        return;
      case 'settings-rejected':
        notify('error', msg.error);
        useLab.setState({ settings: msg.settings, progress: null });
        writeHash(msg.settings);
        return;
      case 'notice':
        notify(msg.level, msg.message);
        useLab.setState({ progress: null });
        return;
      case 'reply': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      }
    }
  }

  /**
   * Validates and applies a settings patch as the controls do. Invalid patches are
   * refused whole with a message; the current run is untouched.
   */
  async set(patch: Record<string, unknown>): Promise<Settings> {
    const current = useLab.getState().settings;
    const result = applyPatch(current, patch);
    if (result.ok && result.settings.dataset === 'dropped' && !useLab.getState().droppedDataset) {
      result.ok = false;
      result.errors.push('There is no dropped dataset yet: drop MNIST-format files on the page first.');
    }
    if (!result.ok) {
      const message = result.errors.join(' ');
      notify('error', message);
      throw new Error(message);
    }
    useLab.setState({ settings: result.settings });
    writeHash(result.settings);
    if (TRAIN_KEYS.some((k) => current[k] !== result.settings[k])) {
      await this.request((id) => ({ type: 'settings', id, settings: result.settings }));
    }
    return result.settings;
  }

  play(): void {
    this.post({ type: 'play' });
  }

  pause(): void {
    this.post({ type: 'pause' });
  }

  /** Stops the long job in progress (loading data); the current run stays. */
  cancel(): void {
    this.post({ type: 'cancel' });
  }

  /** A new run with the current settings; resolves once it is built. */
  reset(): Promise<void> {
    return this.request((id) => ({ type: 'reset', id }));
  }

  step(n: number): Promise<{ step: number }> {
    return this.request((id) => ({ type: 'step', id, n }));
  }

  evaluate(): Promise<EvalMetrics> {
    return this.request((id) => ({ type: 'evaluate', id }));
  }

  exportWeights(): Promise<ExportedVariable[]> {
    return this.request((id) => ({ type: 'export', id }));
  }

  importWeights(weights: ExportedVariable[], step: number): Promise<{ step: number }> {
    const buffers = [...new Set(weights.map((w) => w.values.buffer as ArrayBuffer))];
    return this.request((id) => ({ type: 'import-weights', id, weights, step }), buffers);
  }

  /** Reconstructs n given images (n × D, row-major), e.g. a digit drawn on the pad. */
  reconstruct(images: Float32Array, n: number): Promise<Float32Array> {
    return this.query('reconstruct', { images, n });
  }

  /** A query of the current model's family (src/engine/query-map.ts): its args and result are checked by name. */
  query<Q extends QueryName>(name: Q, args: QueryArgs<Q>): Promise<QueryResult<Q>> {
    return this.request((id) => ({ type: 'query', id, name, args }));
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.request((id) => ({ type: 'memory', id }));
  }

  /** Sends dropped files to the worker; on success switches to them (a new run). */
  async drop(files: { name: string; bytes: Uint8Array }[]): Promise<void> {
    try {
      const { description, dataset, patch } = await this.request<{ description: string; dataset?: string; patch?: Record<string, unknown> }>(
        (id) => ({ type: 'drop', id, files }),
        files.map((f) => f.bytes.buffer),
      );
      useLab.setState({ droppedDataset: description });
      notify('info', `Loaded ${description}.`);
      // The worker names the dataset the files became: a GroupLens zip is 'movielens-dropped', not the MNIST-format 'dropped'.
      const target = dataset ?? 'dropped';
      const same = useLab.getState().settings.dataset === target;
      const next = await this.set({ dataset: target, ...patch });
      // New own data behind the id already in use: the worker reloads when told the settings again.
      if (same && (target.startsWith('own-') || target === 'mnist-drawings')) await this.request((id) => ({ type: 'settings', id, settings: next }));
    } catch (e) {
      notify('error', `Those files could not be used: ${(e as Error).message} The current run is unchanged.`);
      throw e;
    }
  }
}

/** Writes the route and settings to the URL hash without adding a history entry. */
export function writeHash(settings: Settings, route = useLab.getState().route): void {
  const hash = encodeHash(settings, route);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}
