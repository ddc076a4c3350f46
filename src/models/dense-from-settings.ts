import * as tf from '@tensorflow/tfjs-core';
import type { RowSettings } from '../settings/schema';
import { parseHiddenLayers } from '../settings/regularizer-settings';
import { activeFractionPerInput, activeThreshold, deadUnitMask, type CodeDiagnostics } from './ae-diagnostics';
import { createDenseAe, type AeFamily, type DenseAe } from './dense-ae';
import { AE_FAMILIES } from './dense-ae-options';

/**
 * Builds the plain, sparse, denoising or contractive autoencoder from the lab's settings:
 * inputDim → hiddenLayers → K → mirrored decoder → sigmoid. The live keys (sparsity, noise,
 * contraction) go in at construction and through setLive, which takes the whole flat settings
 * object and ignores what it does not know. Throws (naming the setting) on a bad combination,
 * e.g. KL sparsity on ReLU codes: the session then keeps the old run.
 *
 * Its diagnostics add two per-unit and per-input read-outs for the sparse panel:
 *   deadMask [K]          1 where max_b |h_bk| ≤ t (the unit never fires on the probe)
 *   activePerInput [B]    (1/K) Σ_k 1[|h_bk| > t] for every probe digit
 */
/** A dense autoencoder whose diagnostics add the sparse panel's per-unit and per-input read-outs. */
export interface DenseAeWithActivity extends DenseAe {
  diagnostics(probe: tf.Tensor2D): Promise<CodeDiagnostics & UnitActivity>;
}

export type UnitActivity = { deadMask: Float32Array; activePerInput: Float32Array };

export function denseFromSettings(s: RowSettings & { model: string }, inputDim: number, seed: number): DenseAeWithActivity {
  if (!(AE_FAMILIES as readonly string[]).includes(s.model)) throw new Error(`denseFromSettings builds ${AE_FAMILIES.join(', ')}; got ${s.model}.`);
  const model = createDenseAe({
    family: s.model as AeFamily,
    inputDim,
    hidden: parseHiddenLayers(s.hiddenLayers),
    latent: s.latent,
    activation: s.activation,
    tiedWeights: s.tiedWeights,
    loss: s.lossKind,
    seed,
    sparsityKind: s.sparsityKind,
    sparsityWeight: s.sparsityWeight,
    sparsityTarget: s.sparsityTarget,
    noiseKind: s.noiseKind,
    noiseLevel: s.noiseLevel,
    contractionWeight: s.contractionWeight,
  });
  const baseDiagnostics = model.diagnostics!;
  return {
    ...model,
    diagnostics: async (probe) => ({ ...(await baseDiagnostics(probe)), ...(await unitActivity(model, probe)) }),
  };
}

/** deadMask [K] and activePerInput [B] of the model's code on the probe, read back at once. */
export async function unitActivity(model: DenseAe, probe: tf.Tensor2D): Promise<UnitActivity> {
  const k = model.latent;
  const packed = tf.tidy(() => {
    const h = model.encode(probe);
    const t = activeThreshold(model.activation);
    return tf.concat([deadUnitMask(h, t), activeFractionPerInput(h, t)]);
  });
  const v = (await packed.data()) as Float32Array;
  packed.dispose();
  return { deadMask: v.slice(0, k), activePerInput: v.slice(k) };
}
