import type { PretrainArgs } from '../engine/pretrain';
import { PRETRAIN_PANEL_RUN } from '../panels/pretrain-verdict';
import type { Comparison } from './evidence';

/**
 * What the pre-training step says about the pre-training panel's run, declared as data: the
 * panel's args, one curve, one step, a number. test/unit/pretrain.test.ts runs each args once
 * (Node, WASM, MNIST 10k, seed 1) and checks every entry; the chapter quotes them with
 * quotePretrain, so its prose cannot drift from what the test checks. (The lab's run claims
 * live in claims.ts; these read a panel's query, not a run's series.)
 */
export interface PretrainClaim {
  id: string;
  says: string;
  /** The pre-training panel's args for the step's settings. */
  args: Required<Omit<PretrainArgs, 'every'>>;
  /** Which curve, at which end-to-end step (the random curve runs to fineTuneSteps + layers × stepsPerLayer). */
  curve: 'pretrained' | 'random';
  step: number;
  op: Comparison;
  value: number;
}

/** The panel's run for the step's 784-256-32 network: 200 updates per layer, 400 fine-tuning steps. */
const run = (activation: 'sigmoid' | 'relu') => ({
  layers: [256, 32],
  activation,
  stepsPerLayer: PRETRAIN_PANEL_RUN.stepsPerLayer,
  fineTuneSteps: PRETRAIN_PANEL_RUN.fineTuneSteps,
  seed: 1,
});

export const PRETRAIN_CLAIMS: readonly PretrainClaim[] = [
  {
    id: 'sigmoid-pretrained-start',
    says: 'sigmoid units: before any fine-tuning, the stacked layers already reconstruct test digits at most this far off',
    args: run('sigmoid'),
    curve: 'pretrained',
    step: 0,
    op: '<=',
    value: 30,
  },
  {
    id: 'sigmoid-pretrained-end',
    says: 'sigmoid units: after 400 fine-tuning steps the pre-trained stack is at most this far off',
    args: run('sigmoid'),
    curve: 'pretrained',
    step: 400,
    op: '<=',
    value: 17,
  },
  {
    id: 'sigmoid-random-end',
    says: 'sigmoid units: from random init, the same stack is still at least this far off after 400 steps',
    args: run('sigmoid'),
    curve: 'random',
    step: 400,
    op: '>=',
    value: 25,
  },
  {
    id: 'sigmoid-random-equal',
    says: 'sigmoid units: and still at least this far off after 800 steps, as many updates as pre-training plus fine-tuning',
    args: run('sigmoid'),
    curve: 'random',
    step: 800,
    op: '>=',
    value: 18,
  },
  {
    id: 'relu-pretrained-end',
    says: 'ReLU units: after 400 fine-tuning steps the pre-trained stack is at least this far off',
    args: run('relu'),
    curve: 'pretrained',
    step: 400,
    op: '>=',
    value: 11.5,
  },
  {
    id: 'relu-random-end',
    says: 'ReLU units: from random init the same stack gets at most this far off in the same 400 steps, below the pre-trained one',
    args: run('relu'),
    curve: 'random',
    step: 400,
    op: '<=',
    value: 11.5,
  },
];

export function pretrainClaimById(id: string): PretrainClaim {
  const c = PRETRAIN_CLAIMS.find((x) => x.id === id);
  if (!c) throw new Error(`Unknown pre-training claim "${id}".`);
  return c;
}

/** What prose shows for a pre-training claim: its number. */
export const quotePretrain = (id: string): string => String(pretrainClaimById(id).value);
