import * as tf from '@tensorflow/tfjs-core';
import { yieldToEventLoop } from '../data/movielens/ratings-parser';
import { subSeed } from '../math/rng';
import { isActivation, type Activation } from '../models/activations';
import { createDenseAe, type DenseAe } from '../models/dense-ae';
import { createGreedyLayer, type GreedyLayer } from '../models/greedy-layer';
import { readScalars } from './read-scalars';
import { initFromData, Trainer, trainShape, withTrainRows, type DeviceData, type LiveSettings } from './trainer';

/*
 * Greedy layer-wise pre-training against random initialisation, on the same seed.
 *
 * The deep AE is the lab's own (dense-ae.ts): widths D → H_1 → … → H_n (= K, the code) and
 * back, every hidden and code unit act(·), a sigmoid output, squared error. Pre-training trains
 * rung l (greedy-layer.ts) as an autoencoder on the codes of rungs 1 … l−1, frozen; the deep AE
 * then takes encoder layer l and its mirrored decoder layer from rung l, and everything is
 * fine-tuned end to end. The baseline is the same deep AE from its random init: with the same
 * seed the rungs start from exactly its weights, and both use the same batch order.
 */

export interface PretrainArgs {
  /** Encoder widths after the input, the last one the code K: [256, 32] is D-256-32-256-D. */
  layers?: number[];
  activation?: Activation;
  /** Updates of each rung. */
  stepsPerLayer?: number;
  /** Updates of the whole stack, from each start. */
  fineTuneSteps?: number;
  seed?: number;
  /** A test-loss point every this many steps. */
  every?: number;
}

export interface LossPoint {
  step: number;
  /** Mean squared error per example on the test split (the deep AE: per image). */
  loss: number;
}

export interface RungResult {
  /** Width of what the rung reconstructs (the pixels, then each code below it). */
  inputDim: number;
  width: number;
  /** Its test reconstruction error of its own input, by rung step. */
  curve: LossPoint[];
}

export interface PretrainResult {
  /** [D, ...layers]: the encoder's widths from the input. */
  widths: number[];
  layers: number[];
  activation: Activation;
  stepsPerLayer: number;
  fineTuneSteps: number;
  seed: number;
  every: number;
  rungs: RungResult[];
  /** Test loss of the deep AE started from the rungs, by fine-tuning step (step 0: before any). */
  pretrained: LossPoint[];
  /** The same deep AE from its random init, by step, run on to fineTuneSteps + pretrainUpdates. */
  random: LossPoint[];
  /** Updates spent on the rungs (layers × stepsPerLayer): the random run gets them too, at the end. */
  pretrainUpdates: number;
  seconds: number;
}

export interface PretrainContext {
  data: DeviceData;
  live: LiveSettings;
  signal?: AbortSignal;
  progress?: (label: string, fraction: number) => void;
}

export const PRETRAIN_DEFAULTS = { layers: [256, 32], activation: 'relu', stepsPerLayer: 200, fineTuneSteps: 400, seed: 1, every: 40 } as const;
const MAX_LAYERS = 4;
const MAX_WIDTH = 1024;
const MAX_STEPS = 20000;
const CHUNK = 25;

function whole(v: unknown, fallback: number, lo: number, hi: number, what: string): number {
  const x = v ?? fallback;
  if (!(Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi))
    throw new Error(`pretrainComparison ${what} must be a whole number from ${lo} to ${hi}; got ${String(v)}.`);
  return x as number;
}

/** The args checked, with defaults: a clear message names what is wrong. */
export function checkPretrainArgs(args: unknown): Required<PretrainArgs> {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const layers = a.layers ?? PRETRAIN_DEFAULTS.layers;
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > MAX_LAYERS || !layers.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_WIDTH)) {
    throw new Error(
      `pretrainComparison layers must list 2 to ${MAX_LAYERS} widths from 1 to ${MAX_WIDTH} (the last is the code), such as [256, 32]; got ${JSON.stringify(a.layers)}.`,
    );
  }
  const activation = a.activation ?? PRETRAIN_DEFAULTS.activation;
  if (!isActivation(activation)) throw new Error(`pretrainComparison activation must be relu, sigmoid or tanh; got ${String(a.activation)}.`);
  return {
    layers: [...(layers as number[])],
    activation,
    stepsPerLayer: whole(a.stepsPerLayer, PRETRAIN_DEFAULTS.stepsPerLayer, 1, MAX_STEPS, 'stepsPerLayer'),
    fineTuneSteps: whole(a.fineTuneSteps, PRETRAIN_DEFAULTS.fineTuneSteps, 1, MAX_STEPS, 'fineTuneSteps'),
    seed: whole(a.seed, PRETRAIN_DEFAULTS.seed, 0, 2 ** 31 - 1, 'seed'),
    every: whole(a.every, PRETRAIN_DEFAULTS.every, 1, MAX_STEPS, 'every'),
  };
}

/** The lab's deep AE for these widths, from its random init (the session's seeds: weights, then batch order). */
export function deepAe(o: Required<PretrainArgs>, inputDim: number): DenseAe {
  return createDenseAe({
    family: 'autoencoder',
    inputDim,
    hidden: o.layers.slice(0, -1),
    latent: o.layers[o.layers.length - 1],
    activation: o.activation,
    tiedWeights: false,
    loss: 'squared',
    seed: subSeed(o.seed, 'weights'),
  });
}

/**
 * Rung l's kernels get the deep AE's seeds for the same layers: denseStack seeds encoder layer l
 * with seed + l and decoder layer j (j = 0 next to the code) with seed + depth + j; rung l's
 * decoder is the deep AE's decoder layer depth − 1 − l.
 */
export function rung(o: Required<PretrainArgs>, l: number, inputDim: number): GreedyLayer {
  const depth = o.layers.length;
  const seed = subSeed(o.seed, 'weights');
  return createGreedyLayer({
    inputDim,
    width: o.layers[l],
    activation: o.activation,
    pixels: l === 0,
    encoderSeed: seed + l,
    decoderSeed: seed + depth + (depth - 1 - l),
  });
}

/** The deep AE's variable names for rung l's four (see dense-ae.ts's naming). */
export function deepNames(l: number, depth: number): Record<keyof ReturnType<GreedyLayer['variables']>, string> {
  const enc = l === depth - 1 ? 'code' : `encoder/layer${l}`;
  const j = depth - 1 - l;
  const dec = j === depth - 1 ? 'decoder/out' : `decoder/layer${j}`;
  return { 'encoder/kernel': `${enc}/kernel`, 'encoder/bias': `${enc}/bias`, 'decoder/kernel': `${dec}/kernel`, 'decoder/bias': `${dec}/bias` };
}

/** Mean test loss of the trainer's model (its own test split). */
async function testLoss(trainer: Trainer): Promise<number> {
  return (await readScalars(trainer.evaluate())).total;
}

/** Trains `steps` updates, a test point at step 0, every `every` steps and at the end; cancellable between chunks. */
async function trainCurve(trainer: Trainer, steps: number, every: number, ctx: PretrainContext, report: (done: number) => void): Promise<LossPoint[]> {
  const curve: LossPoint[] = [{ step: 0, loss: await testLoss(trainer) }];
  while (trainer.step < steps) {
    await yieldToEventLoop(); // lets 'cancel' arrive
    ctx.signal?.throwIfAborted();
    const nextPoint = Math.min(steps, (Math.floor(trainer.step / every) + 1) * every);
    const n = Math.min(CHUNK, nextPoint - trainer.step);
    const { total } = await readScalars(trainer.trainSteps(n));
    if (!Number.isFinite(total)) throw new Error(`pretrainComparison: the loss was not finite at step ${trainer.step}; try a lower learning rate.`);
    if (trainer.step === nextPoint) curve.push({ step: trainer.step, loss: await testLoss(trainer) });
    report(n);
  }
  return curve;
}

/**
 * Pre-trains the rungs, fine-tunes the stack from them, and trains the same stack from its random
 * init on the same seed; returns every curve. Every tensor it makes is disposed, also on cancel.
 */
export async function pretrainComparison(args: unknown, ctx: PretrainContext): Promise<PretrainResult> {
  const o = checkPretrainArgs(args);
  const t0 = performance.now();
  const depth = o.layers.length;
  const inputDim = trainShape(ctx.data)[1];
  const pretrainUpdates = depth * o.stepsPerLayer;
  const total = pretrainUpdates + o.fineTuneSteps + (o.fineTuneSteps + pretrainUpdates);
  let done = 0;
  const report = (label: string) => (n: number) => {
    done += n;
    ctx.progress?.(label, Math.min(done / total, 0.999));
  };

  const owned: tf.Tensor[] = [];
  const trainers: Trainer[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (owned.push(t), t);
  const trainerFor = (model: DenseAe | GreedyLayer, data: DeviceData) => {
    const t = new Trainer(model, data, ctx.live, o.seed);
    trainers.push(t);
    return t;
  };
  try {
    // 1. The rungs, bottom up, each on the frozen codes of those below.
    const rungs: RungResult[] = [];
    const rungWeights: Record<string, tf.Tensor>[] = [];
    let input: DeviceData = ctx.data;
    for (let l = 0; l < depth; l++) {
      const width = trainShape(input)[1];
      const layer = rung(o, l, width);
      const trainer = trainerFor(layer, input);
      initFromData(layer, input);
      const curve = await trainCurve(trainer, o.stepsPerLayer, o.every, ctx, report(`Pre-training layer ${l + 1} of ${depth} (${width}→${o.layers[l]})`));
      rungs.push({ inputDim: width, width: o.layers[l], curve });
      rungWeights.push(Object.fromEntries(Object.entries(layer.variables()).map(([k, v]) => [k, keep(tf.clone(v))])));
      if (l < depth - 1) input = { train: keep(withTrainRows(input, (x) => layer.encode(x))), test: keep(layer.encode(input.test)) };
    }

    // 2. The stack from the rungs, fine-tuned end to end.
    const stacked = trainerFor(deepAe(o, inputDim), ctx.data);
    const vars = stacked.model.variables();
    rungWeights.forEach((w, l) => {
      const names = deepNames(l, depth);
      for (const [k, v] of Object.entries(w)) vars[names[k as keyof typeof names]].assign(v);
    });
    const pretrained = await trainCurve(stacked, o.fineTuneSteps, o.every, ctx, report('Fine-tuning the pre-trained stack'));

    // 3. The same stack from its random init (and the lab's data start), for as many updates in all.
    const fresh = trainerFor(deepAe(o, inputDim), ctx.data);
    initFromData(fresh.model, ctx.data);
    const random = await trainCurve(fresh, o.fineTuneSteps + pretrainUpdates, o.every, ctx, report('Training the stack from random init'));

    return { widths: [inputDim, ...o.layers], ...o, rungs, pretrained, random, pretrainUpdates, seconds: (performance.now() - t0) / 1000 };
  } finally {
    // A trainer disposes its model and optimizer.
    trainers.forEach((t) => t.dispose());
    tf.dispose(owned);
  }
}
