import type { History } from '../engine/history';
import { downsample } from './chart-rows';

/**
 * The β training really used (the mean β of each chunk, history 'train/beta'), drawn as one
 * dotted path: a Scatter drew up to 200 SVG points per snapshot, the β panels' main cost
 * while training (a 50–75 ms main-thread task each time on a 2-core machine).
 */
export const USED_LINE = {
  type: 'linear',
  dataKey: 'used',
  name: 'β used',
  stroke: 'var(--c3)',
  strokeWidth: 3,
  strokeDasharray: '0 6',
  strokeLinecap: 'round',
  dot: false,
  isAnimationActive: false,
} as const;

/** The rows USED_LINE draws: at most 200 chunks' β. */
export const usedBetaRows = (history: History) => downsample(history['train/beta'] ?? [], 200).map((p) => ({ step: p.step, used: p.value }));
