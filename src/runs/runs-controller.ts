import type { EngineClient } from '../client/engine-client';
import { familyFor } from '../families';
import { notify, useLab } from '../state/store';
import { deleteRun, listRuns, putRun, storageProblem } from './run-db';
import type { RunRecord } from '../state/run-record';
import { reopenedHistory } from '../client/reopened-history';
import { historyAsOfNow } from '../client/history-as-of-now';

/** While training, the current run is saved at most this often (weights on pause). */
const SAVE_EVERY_MS = 5000;

function describe(r: Pick<RunRecord, 'settings'>): string {
  const s = r.settings;
  return `${familyFor(s).label} · K=${s.latent} · lr ${s.learningRate} · seed ${s.seed}`;
}

/**
 * Keeps every run in IndexedDB: a new record when the worker starts a run, its history
 * saved while it trains, its final weights whenever training pauses. Runs survive a
 * reload and can be renamed, pinned as the baseline, overlaid, reopened, deleted.
 */
export class RunsController {
  private lastSave = 0;
  private saving: Promise<void> = Promise.resolve();
  private available = true;
  /** The save queued but not yet started, if any. */
  private waiting: { weights: boolean } | null = null;
  /** The storage problem already told to the user; cleared when a save works again. */
  private told: string | null = null;

  constructor(private readonly engine: EngineClient) {
    engine.onRunReset = () => this.onRunReset();
  }

  async start(): Promise<void> {
    await this.refresh().catch((e) => {
      // No storage (a private window): say so once; the lab runs on without it.
      this.available = false;
      this.report(e);
    });
    useLab.subscribe((s, prev) => {
      if (s.historyVersion !== prev.historyVersion && s.snapshot && s.snapshot !== prev.snapshot) this.onSnapshot(!s.running);
      if (prev.running && !s.running) this.save(true);
    });
    // A save updates the list from memory; what another tab saved shows when this one is looked at again.
    document.addEventListener('visibilitychange', () => {
      if (this.available && !document.hidden) void this.refresh().catch(() => undefined);
    });
  }

  /** Called by the engine client when the worker starts a fresh run. */
  onRunReset(): void {
    useLab.setState({ currentRunId: crypto.randomUUID() });
  }

  private onSnapshot(paused: boolean): void {
    if (paused || Date.now() - this.lastSave > SAVE_EVERY_MS) this.save(paused);
  }

  private save(withWeights: boolean): void {
    if (!this.available) return;
    this.lastSave = Date.now();
    // A save reads the state when it starts, so one still waiting in the queue covers this request too
    // (step(n) posts a snapshot every 250 ms while paused: without this, one weight export each).
    if (this.waiting) {
      this.waiting.weights ||= withWeights;
      return;
    }
    const request = (this.waiting = { weights: withWeights });
    this.saving = this.saving
      .then(async () => {
        this.waiting = null;
        const withWeights = request.weights;
        const { currentRunId, settings, history, snapshot, runs } = useLab.getState();
        if (!currentRunId || !snapshot || snapshot.step === 0) return;
        const old = runs.find((r) => r.id === currentRunId);
        const weights = withWeights ? await this.engine.exportWeights().catch(() => null) : (old?.weights ?? null);
        const now = Date.now();
        const saved = await putRun(
          {
            id: currentRunId,
            name: old?.name ?? describe({ settings }),
            createdAt: old?.createdAt ?? now,
            updatedAt: now,
            settings,
            history: historyAsOfNow(history),
            step: snapshot.step,
            weights,
            pinned: old?.pinned ?? false,
          },
          useLab.getState().runs,
        );
        this.show(saved);
        this.told = null;
      })
      // The run, its history and weights stay in memory; the next save tries again.
      .catch((e) => this.report(e));
  }

  /** One clear message per kind of storage failure (not one every few seconds while it lasts). */
  private report(e: unknown): void {
    const { kind, message } = storageProblem(e);
    if (this.told === kind) return;
    this.told = kind;
    notify('error', message);
  }

  /** Resolves once every save queued so far has been written (a comparison names its runs after that). */
  idle(): Promise<void> {
    return this.saving;
  }

  /** Reads the list from IndexedDB: at start, after a rename, pin, delete or import, and when the tab is shown (another tab may have saved runs). */
  async refresh(): Promise<void> {
    this.show(await listRuns());
  }

  private show(runs: RunRecord[]): void {
    useLab.setState((s) => ({ runs, overlayIds: s.overlayIds.filter((id) => runs.some((r) => r.id === id)) }));
  }

  async update(id: string, change: Partial<Pick<RunRecord, 'name' | 'pinned'>>): Promise<void> {
    const runs = useLab.getState().runs;
    try {
      for (const r of runs) {
        // One baseline at a time.
        if (change.pinned && r.pinned && r.id !== id) await putRun({ ...r, pinned: false }, runs);
        if (r.id === id) await putRun({ ...r, ...change, updatedAt: Date.now() }, runs);
      }
      await this.refresh();
    } catch (e) {
      this.report(e);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await deleteRun(id);
      await this.refresh();
    } catch (e) {
      this.report(e);
    }
  }

  /** Reopens a saved run: its settings, weights and history, to look at or train on. */
  async open(run: Omit<RunRecord, 'id' | 'updatedAt' | 'pinned'> & Partial<RunRecord>): Promise<void> {
    const record: RunRecord = { id: run.id ?? crypto.randomUUID(), updatedAt: Date.now(), pinned: false, ...run } as RunRecord;
    this.engine.pause();
    await this.engine.set(record.settings);
    await this.engine.reset(); // a fresh model of the run's shape to load the weights into
    // An imported run is opened even when it cannot be stored: it lives in memory.
    if (!run.id)
      await putRun(record, useLab.getState().runs).then(
        (runs) => this.show(runs),
        (e: unknown) => this.report(e),
      );
    if (record.weights)
      await this.engine.importWeights(
        record.weights.map((w) => ({ ...w, values: w.values.slice() })),
        record.step,
      );
    // The saved history goes in last, with what the worker measured on the imported weights (their
    // step on): a snapshot of the fresh model (step 0, e.g. from an evaluate() queued meanwhile) may
    // still arrive before the import's reply, and must not land after the saved points.
    useLab.setState((s) => ({ history: reopenedHistory(record.history, s.history, record.step), historyVersion: s.historyVersion + 1, currentRunId: record.id }));
  }
}
