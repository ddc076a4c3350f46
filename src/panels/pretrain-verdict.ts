import type { LossPoint, PretrainResult } from '../engine/pretrain';

/** The panel's run sizes (src/learn/pretrain-claims.ts declares its claims for them; the tests check those). */
export const PRETRAIN_PANEL_RUN = { stepsPerLayer: 200, fineTuneSteps: 400, every: 40 } as const;

/**
 * What a pre-training run shows, read off its curves (pure: the panel prints it, the unit test
 * checks it on the seed). Pre-training costs updates, so the random start is compared twice: at
 * the same end-to-end step, and after as many updates in all.
 */
export interface PretrainFigures {
  /** Test loss at end-to-end step 0: the pre-trained stack, and the random init. */
  startPretrained: number;
  startRandom: number;
  /** After fineTuneSteps end-to-end steps. */
  endPretrained: number;
  endRandom: number;
  /** The random run after fineTuneSteps + pretrainUpdates steps (as many updates in all). */
  equalUpdatesRandom: number;
  /** The first recorded step where the random run is at or below the pre-trained one (null: never). */
  crossing: number | null;
}

const at = (curve: LossPoint[], step: number): number => curve.find((p) => p.step === step)?.loss ?? NaN;

export function pretrainFigures(r: PretrainResult): PretrainFigures {
  const crossing = r.pretrained.find((p) => p.step > 0 && at(r.random, p.step) <= p.loss)?.step ?? null;
  return {
    startPretrained: at(r.pretrained, 0),
    startRandom: at(r.random, 0),
    endPretrained: at(r.pretrained, r.fineTuneSteps),
    endRandom: at(r.random, r.fineTuneSteps),
    equalUpdatesRandom: r.random.at(-1)?.loss ?? NaN,
    crossing,
  };
}

export type Verdict = 'helps' | 'head-start' | 'overtaken';

/** helps: below random init even after its extra updates; head-start: below at the same step only; overtaken: random init ends lower. */
export function pretrainVerdict(f: PretrainFigures): Verdict {
  if (f.endPretrained < f.equalUpdatesRandom) return 'helps';
  if (f.endPretrained < f.endRandom) return 'head-start';
  return 'overtaken';
}

const n = (v: number) => v.toFixed(1);

/** One honest sentence for the panel. */
export function pretrainSentence(r: PretrainResult): string {
  const f = pretrainFigures(r);
  const steps = r.fineTuneSteps.toLocaleString('en');
  const extra = r.pretrainUpdates.toLocaleString('en');
  const start = `Pre-trained, the stack starts at ${n(f.startPretrained)} against ${n(f.startRandom)} from random init`;
  switch (pretrainVerdict(f)) {
    case 'helps':
      return `${start}, and after ${steps} fine-tuning steps it is at ${n(f.endPretrained)}: below random init at the same step (${n(f.endRandom)}) and even after the ${extra} updates pre-training spent (${n(f.equalUpdatesRandom)}). Here pre-training helped.`;
    case 'head-start':
      return `${start}, and after ${steps} fine-tuning steps it is at ${n(f.endPretrained)}, below random init at the same step (${n(f.endRandom)}); but given the ${extra} updates pre-training spent, random init reaches ${n(f.equalUpdatesRandom)}. A head start, not a better end point.`;
    case 'overtaken':
      return `${start}, but random init catches up${f.crossing !== null ? ` by step ${f.crossing.toLocaleString('en')}` : ''} and after ${steps} steps is lower (${n(f.endRandom)} against ${n(f.endPretrained)}). Here pre-training bought a head start and then fell behind.`;
  }
}
