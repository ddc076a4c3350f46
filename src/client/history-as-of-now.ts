import type { History } from '../engine/history';

/**
 * The history as it stands: new arrays, the same points. Points are never changed once made
 * (appendBounded replaces and drops them), so a saved run's copy costs a pointer a point, and
 * the live history appended to after it leaves the copy as it was.
 */
export const historyAsOfNow = (history: History): History => Object.fromEntries(Object.entries(history).map(([name, series]) => [name, series.slice()]));
