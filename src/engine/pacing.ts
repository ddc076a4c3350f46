/** At most this many snapshots a second reach the main thread. */
export const SNAPSHOT_MS = 250;
/**
 * Live snapshots spend at most this share of the time on the test-set loss: for a big model
 * on a CPU backend it is the costly part (2,000 digits forward), and panels would starve.
 * Forced snapshots (end of step(n), a new run, evaluate) always include it.
 */
export const TEST_LOSS_SHARE = 0.2;
/** A training chunk (between readbacks) aims at this many milliseconds. */
export const CHUNK_TARGET_MS = 60;
const MAX_CHUNK_STEPS = 512;

/**
 * When the worker reads back, snapshots and pays for the test loss: chunks of optimizer
 * steps sized to about CHUNK_TARGET_MS (so pause and settings answer quickly), a snapshot
 * at most every SNAPSHOT_MS, and the test loss at most TEST_LOSS_SHARE of the time.
 */
export class Pacing {
  /** Optimizer steps in the next chunk. */
  chunkSteps = 4;
  private lastSnapshotAt = 0;
  private testLossMs = 0;
  private lastTestLossAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A chunk of `steps` took `ms`: double or halve the next one toward the target. */
  chunkTook(ms: number): void {
    if (ms < CHUNK_TARGET_MS / 2) this.chunkSteps = Math.min(this.chunkSteps * 2, MAX_CHUNK_STEPS);
    else if (ms > CHUNK_TARGET_MS * 2) this.chunkSteps = Math.max(1, Math.floor(this.chunkSteps / 2));
  }

  snapshotDue(): boolean {
    return this.now() - this.lastSnapshotAt >= SNAPSHOT_MS;
  }

  snapshotSent(): void {
    this.lastSnapshotAt = this.now();
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
