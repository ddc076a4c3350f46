import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/model';
import type { ExportedVariable } from './protocol';

/** Every variable of the model by its stable name, with shape and values. */
export async function exportWeights(model: Autoencoder): Promise<ExportedVariable[]> {
  const vars = Object.entries(model.variables());
  return Promise.all(vars.map(async ([name, v]) => ({ name, shape: v.shape.slice(), values: Float32Array.from((await v.data()) as Float32Array) })));
}

/** Loads saved weights into the model; every name and shape must match, or nothing changes. */
export function assignWeights(model: Autoencoder, weights: ExportedVariable[]): void {
  const vars = model.variables();
  const byName = new Map(weights.map((w) => [w.name, w]));
  const problems: string[] = [];
  for (const [name, v] of Object.entries(vars)) {
    const w = byName.get(name);
    if (!w) problems.push(`${name} is missing`);
    else if (w.shape.join('x') !== v.shape.join('x')) problems.push(`${name} has shape [${w.shape}] but the model needs [${v.shape}]`);
    else if (w.values.length !== v.size) problems.push(`${name} has ${w.values.length} values, not ${v.size}`);
  }
  for (const name of byName.keys()) if (!(name in vars)) problems.push(`${name} is not a variable of this model`);
  if (problems.length) throw new Error(`These weights do not fit the current model: ${problems.join('; ')}.`);
  for (const [name, v] of Object.entries(vars)) tf.tidy(() => v.assign(tf.tensor(byName.get(name)!.values, v.shape)));
}
