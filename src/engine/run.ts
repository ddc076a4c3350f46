import { familyFor, type AnyFamily } from '../families';
import type { Autoencoder } from '../models/model';
import type { Settings } from '../settings/schema';
import { buildModel } from './build-model';
import type { LossTerm } from './series';
import type { AddPoint, ModelRun, Task } from './task';
import type { DeviceData } from './trainer';
import { DENOISE_ERROR_KEY, initFromData, Trainer, trainShape } from './trainer';

/** The run in progress: the family, its model and the trainer that owns both. */
export class Run implements ModelRun {
  constructor(
    readonly family: AnyFamily,
    readonly trainer: Trainer,
  ) {}

  get model(): Autoencoder {
    return this.trainer.model;
  }
}

/** A run's parts before its trainer: the family, the task's data on the device, the built model. */
export interface RunParts {
  family: AnyFamily;
  device: DeviceData;
  model: Autoencoder;
}

/**
 * The settings' model for the task's data, initialised from the data where the model asks
 * (a linear AE's PCA start). Throws on a bad combination, before anything is replaced.
 */
export async function buildRunParts(s: Settings, task: Task, signal?: AbortSignal): Promise<RunParts> {
  const family = familyFor(s);
  const device = task.deviceFor(family);
  const model = await buildModel(s, trainShape(device)[1], task.fits, signal);
  initFromData(model, device);
  return { family, device, model };
}

/** The run that trains those parts with the settings. */
export const runOf = ({ family, device, model }: RunParts, s: Settings): Run => new Run(family, new Trainer(model, device, s, s.seed, family.live));

/** Multiply–adds a step in the model's largest weight matrix: batch × rows × columns. */
export function largestMatMulWork(model: Autoencoder, batchSize: number): number {
  let most = 0;
  for (const v of Object.values(model.variables())) if (v.shape.length === 2) most = Math.max(most, v.shape[0] * v.shape[1]);
  return most * batchSize;
}

/** `<prefix>/loss`, and each term (`<prefix>/kl`, …) when the loss has more than one, divided by `n`; the test's denoising error as its own series. */
export function addLosses(add: AddPoint, prefix: 'train' | 'test', { [DENOISE_ERROR_KEY]: denoiseError, ...sums }: Record<string, number>, n: number): void {
  add(`${prefix}/loss`, sums.total / n);
  if (denoiseError !== undefined) add('test/denoiseError', denoiseError / n);
  const terms = Object.keys(sums).filter((k) => k !== 'total') as LossTerm[];
  if (terms.length > 1) for (const k of terms) add(`${prefix}/${k}`, sums[k] / n);
}
