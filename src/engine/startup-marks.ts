/**
 * Performance marks on the way to the first live loss (`lab:` names, each set once). They cost
 * a few microseconds and stay in the product: scripts/bench-first-picture.mjs reads them from
 * the page and the worker (Playwright's worker.evaluate) and turns them into phases.
 */
const done = new Set<string>();

export function markOnce(name: string): void {
  if (done.has(name)) return;
  done.add(name);
  performance.mark(`lab:${name}`);
}
