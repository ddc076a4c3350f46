/** At most this many snapshots a second reach the main thread. */
export const SNAPSHOT_MS = 250;
/**
 * Live snapshots spend at most this share of the time on the test-set loss: for a big model
 * on a CPU backend it is the costly part (2,000 digits forward), and panels would starve.
 * Forced snapshots (end of step(n), a new run, evaluate) always include it.
 */
export const TEST_LOSS_SHARE = 0.2;
/**
 * A live snapshot's read-outs (weights, reconstructions, diagnostics on the probe digits;
 * the test loss is paced apart) take at most this share of the time: for a big code
 * (K = 1,024) they cost more than a training step, and at SNAPSHOT_MS they would crowd it out.
 */
export const SNAPSHOT_SHARE = 0.25;
/** A training chunk (between readbacks) aims at this many milliseconds. */
export const CHUNK_TARGET_MS = 60;
const MAX_CHUNK_STEPS = 512;

/**
 * When the worker reads back, snapshots and pays for the test loss: chunks of optimizer
 * steps sized to about CHUNK_TARGET_MS (so pause and settings answer quickly), a snapshot
 * at most every SNAPSHOT_MS and within SNAPSHOT_SHARE of the time, and the test loss at
 * most TEST_LOSS_SHARE of the time.
 */
export class Pacing {
  /** Optimizer steps in the next chunk. */
  chunkSteps = 4;
  private lastSnapshotAt = 0;
  private snapshotMs = 0;
  private testLossMs = 0;
  private lastTestLossAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A chunk of `steps` took `ms`: double or halve the next one toward the target. */
  chunkTook(ms: number): void {
    if (ms < CHUNK_TARGET_MS / 2) this.chunkSteps = Math.min(this.chunkSteps * 2, MAX_CHUNK_STEPS);
    else if (ms > CHUNK_TARGET_MS * 2) this.chunkSteps = Math.max(1, Math.floor(this.chunkSteps / 2));
  }

  snapshotDue(): boolean {
    return this.now() - this.lastSnapshotAt >= Math.max(SNAPSHOT_MS, this.snapshotMs * (1 / SNAPSHOT_SHARE - 1));
  }

  /** A snapshot went out; `ms`: what it cost besides the test loss (which paces the next ones). */
  snapshotSent(ms = 0): void {
    this.lastSnapshotAt = this.now();
    this.snapshotMs = ms;
  }

  /** A live snapshot includes the test loss only when it keeps within its share of the time. */
  testLossDue(): boolean {
    return this.now() - this.lastTestLossAt >= this.testLossMs / TEST_LOSS_SHARE;
  }

  /** Times a test-loss computation (which paces the next ones). */
  async timeTestLoss<T>(work: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    const out = await work();
    this.lastTestLossAt = this.now();
    this.testLossMs = this.lastTestLossAt - t0;
    return out;
  }
}
