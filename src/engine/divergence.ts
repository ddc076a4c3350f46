/** A chunk whose mean loss is this many times the last good chunk's counts as diverged. */
export const DIVERGENCE_FACTOR = 1000;

/**
 * How a chunk's mean loss went wrong, or null if it did not: NaN, infinite, or more than
 * DIVERGENCE_FACTOR times the last good chunk's (a blow-up that has not reached Inf yet).
 */
export function divergence(mean: number, lastGood: number | null): string | null {
  if (Number.isNaN(mean)) return 'became NaN';
  if (!Number.isFinite(mean)) return 'became infinite';
  if (lastGood !== null && Math.abs(mean) > DIVERGENCE_FACTOR * Math.max(Math.abs(lastGood), 1)) {
    return `exploded (from ${lastGood.toPrecision(3)} to ${mean.toPrecision(3)})`;
  }
  return null;
}

/** The notice that says what happened, what was kept, and what to try. */
export function divergenceNotice(what: string, from: number, to: number, restoredStep: number | null, learningRate: number): string {
  return (
    `Training paused: the loss ${what} during steps ${from}–${to}. ` +
    `The weights were restored to step ${restoredStep}; the run and its history are kept. ` +
    `Try a lower learning rate (it is ${learningRate}; ${learningRate / 10} is a safer start).`
  );
}
