/**
 * A live axis's tick props: labels drawn as they are, not measured. Given a width (the axis's
 * own, by default), recharts measures each new label in a hidden DOM span (a forced layout)
 * and keeps its size in a 2,000-entry cache: a live axis makes new labels at every snapshot,
 * so the cache, and the page's memory with it, would grow for the first half hour of training.
 */
export const UNMEASURED_TICK = { width: 0 } as const;
