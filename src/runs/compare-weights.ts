import type { Point } from '../engine/history';
import type { ExportedVariable } from '../engine/protocol';
import type { RunRecord } from '../state/run-record';

/** The first encoder kernel of each model family, most specific first. */
const FIRST_KERNELS = ['encoder/layer0/kernel', 'encoder/kernel', 'encoder/mu/kernel'];

/**
 * What each first-layer unit of a saved run looks at: its first encoder kernel W [D × H]
 * transposed to H rows of D pixels (row j = column j of W), for the tile grid; D = dim, the
 * values per image of the data in use. null when the run has no weights or no D-wide encoder
 * kernel (e.g. a run on images of another size).
 */
export function firstLayerRows(weights: readonly ExportedVariable[] | null, dim: number): { rows: Float32Array; count: number; name: string } | null {
  if (!weights) return null;
  const kernel =
    FIRST_KERNELS.map((n) => weights.find((w) => w.name === n)).find((w) => w !== undefined) ??
    weights.find((w) => w.name.startsWith('encoder') && w.name.endsWith('kernel') && w.shape[0] === dim);
  if (!kernel || kernel.shape.length !== 2 || kernel.shape[0] !== dim) return null;
  const h = kernel.shape[1];
  const rows = new Float32Array(h * dim);
  // rows[j, i] = W[i, j]
  for (let i = 0; i < dim; i++) for (let j = 0; j < h; j++) rows[j * dim + i] = kernel.values[i * h + j];
  return { rows, count: h, name: kernel.name };
}

/** A run's recorded series by the name the comparison offers ('reconstruction' falls back to the loss of a plain model). */
export function runSeries(run: Pick<RunRecord, 'history'>, metric: string): Point[] {
  if (metric === 'test/reconstruction') return run.history['test/reconstruction'] ?? run.history['test/loss'] ?? [];
  return run.history[metric] ?? [];
}

/** The last recorded value of a run's series, if any. */
export function finalValue(run: Pick<RunRecord, 'history'>, metric: string): number | null {
  return runSeries(run, metric).at(-1)?.value ?? null;
}

/** The series a comparison can overlay, with their labels. */
export const COMPARE_METRICS = [
  { value: 'test/reconstruction', label: 'Test reconstruction loss' },
  { value: 'test/loss', label: 'Test loss (with penalty)' },
  { value: 'train/loss', label: 'Training loss' },
  { value: 'diag/jacobianNorm', label: 'Mean ‖J_f(x)‖²_F' },
  { value: 'diag/meanAbs', label: 'Mean |h|' },
  { value: 'diag/activeFraction', label: 'Units active per input' },
  { value: 'diag/deadUnits', label: 'Dead units' },
] as const;
