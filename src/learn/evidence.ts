import type { SeriesName } from '../engine/series';

/**
 * What counts as evidence for a question, and whether a run has produced it. Pure (no
 * React, no tensors): the question card asks it after every snapshot, and the unit tests
 * and the claims test ask it of the same data.
 */

export type Comparison = '<' | '<=' | '>' | '>=';

/** A named metric against a number: "pca/subspaceSimilarity ≥ 0.9". */
export interface Criterion {
  series: SeriesName;
  op: Comparison;
  value: number;
}

/**
 * A question's evidence: at least `steps` training steps of this run, and, if given, the
 * criterion holding on the latest point of its series. `show` names series the card reports
 * beside the learner's prediction (the criterion's own series is always reported).
 */
export interface Evidence {
  steps: number;
  criterion?: Criterion;
  show?: SeriesName[];
}

export interface Point {
  step: number;
  value: number;
}

export type SeriesLookup = Partial<Record<string, Point[]>>;

export function compare(measured: number, op: Comparison, value: number): boolean {
  if (!Number.isFinite(measured)) return false;
  switch (op) {
    case '<':
      return measured < value;
    case '<=':
      return measured <= value;
    case '>':
      return measured > value;
    case '>=':
      return measured >= value;
  }
}

/** The latest point of a series, if it has one. */
export function latest(history: SeriesLookup, series: string): Point | undefined {
  return history[series]?.at(-1);
}

export interface EvidenceStatus {
  /** True only when every part of the evidence exists. */
  met: boolean;
  /** The run's step now. */
  step: number;
  /** The criterion's series and the `show` series, as measured now (absent: no point yet). */
  measured: { series: string; point: Point | undefined }[];
}

/**
 * Evidence met? `step` is the run's training step (the latest snapshot's); the criterion
 * is read on points recorded at or after the required step, so a value from before the
 * run reached it never counts.
 */
export function evidenceStatus(evidence: Evidence, run: { step: number; history: SeriesLookup }): EvidenceStatus {
  const names = [...(evidence.criterion ? [evidence.criterion.series] : []), ...(evidence.show ?? [])];
  const measured = [...new Set(names)].map((series) => ({ series, point: latest(run.history, series) }));
  let met = run.step >= evidence.steps;
  if (met && evidence.criterion) {
    const p = latest(run.history, evidence.criterion.series);
    met = p !== undefined && p.step >= evidence.steps && compare(p.value, evidence.criterion.op, evidence.criterion.value);
  }
  return { met, step: run.step, measured };
}

const OP_TEXT: Record<Comparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** "pca/subspaceSimilarity ≥ 0.9 after 300 steps" */
export function describeEvidence(evidence: Evidence): string {
  const steps = `${evidence.steps.toLocaleString('en')} step${evidence.steps === 1 ? '' : 's'}`;
  if (!evidence.criterion) return `${steps} of training`;
  const c = evidence.criterion;
  return `${c.series} ${OP_TEXT[c.op]} ${c.value} after at least ${steps}`;
}

/** A measured value for the learner: 3 significant digits, or a whole number when large. */
export function formatMeasured(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(1);
  return Number(value.toPrecision(3)).toString();
}
