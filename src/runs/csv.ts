import type { History } from '../engine/history';

/** Metric history as CSV: one row per step, one column per series (blank where absent). */
export function historyToCsv(history: History): string {
  const names = Object.keys(history).sort();
  const rows = new Map<number, Map<string, number>>();
  for (const name of names) {
    for (const p of history[name]) {
      if (!rows.has(p.step)) rows.set(p.step, new Map());
      rows.get(p.step)!.set(name, p.value);
    }
  }
  const lines = [['step', ...names].join(',')];
  for (const step of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(step)!;
    lines.push([step, ...names.map((n) => (row.has(n) ? String(row.get(n)) : ''))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
