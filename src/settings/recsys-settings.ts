// Settings of the recommenders (Mult-VAE, Mult-DAE, EASE; Liang et al. 2018, Steck 2019).
// Spread into SETTINGS in schema.ts; each family (src/families/) lists the rows it shows.
// The code size is the shared `latent` setting (the paper's 200 comes with the presets), so
// the one "Code size K" control means the same thing for every autoencoder in the lab.
import { z } from 'zod';
import { intIn, numberIn, spec } from './spec';

const MAX_ANNEAL = 10_000_000;

/** Liang et al. anneal β over 200,000 updates on ML-20M… */
export const PAPER_ANNEAL_STEPS = 200_000;
/** …with batches of 500 users… */
export const PAPER_BATCH_SIZE = 500;
/** …of ML-20M's 136,677 kept users less 2 × 10,000 held out. */
export const PAPER_TRAIN_USERS = 116_677;
/** ⌈116,677 / 500⌉ = 234 updates per epoch in their code. */
export const PAPER_UPDATES_PER_EPOCH = Math.ceil(PAPER_TRAIN_USERS / PAPER_BATCH_SIZE);

/** Updates per epoch in this lab's trainer: ⌊n / b⌋ with b = min(batch, n) (the remainder is dropped). */
export function updatesPerEpoch(trainUsers: number, batchSize: number): number {
  return Math.max(1, Math.floor(trainUsers / Math.max(1, Math.min(batchSize, trainUsers))));
}

/**
 * annealSteps = 'auto': the paper's schedule kept in epochs, not updates:
 *   annealSteps = round(200,000 · u / 234), u = updates per epoch here,
 * so β = min(β_cap, t / annealSteps) reaches 0.2 after ≈171 epochs, as on ML-20M
 * (40,000 of the paper's updates). One update per epoch (ml-latest-small, batch 500) gives 855.
 */
export function autoAnnealSteps(trainUsers: number, batchSize: number): number {
  return Math.max(1, Math.round((PAPER_ANNEAL_STEPS * updatesPerEpoch(trainUsers, batchSize)) / PAPER_UPDATES_PER_EPOCH));
}

/** 'auto' or a step count → the step count the model uses. */
export function resolveAnnealSteps(setting: 'auto' | number, trainUsers: number, batchSize: number): number {
  return setting === 'auto' ? autoAnnealSteps(trainUsers, batchSize) : setting;
}

/** β_t = min(β_cap, t / T): the one rule; models/mult-vae's annealedBeta calls it, the panels read it here (no tfjs). */
export function cappedBeta(step: number, annealSteps: number, cap: number): number {
  return annealSteps <= 0 ? cap : Math.min(cap, step / annealSteps);
}

/**
 * Liang et al.'s way of choosing β (§2.2.2, Fig. 1), as values of the same two settings: β_cap = 1 with
 * T = annealSteps = the updates the run will train makes β = min(1, t / T) the uncapped linear anneal,
 * which reaches 1 at the run's end (t = T) and not before. Read the β where validation NDCG@100 peaks,
 * then retrain with β_cap at that peak and T unchanged. 5,000 is one of the anneal-steps control's
 * choices: a few minutes of training on ml-latest-small.
 */
export const BETA_SWEEP = { betaCap: 1, annealSteps: 5000 } as const;

const annealSchema = z.preprocess(
  // The URL hash and the select hand numbers over as text.
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.union([z.literal('auto'), intIn('annealSteps', 1, MAX_ANNEAL)], {
    error: `annealSteps must be "auto" or a whole number of steps from 1 to ${MAX_ANNEAL}`,
  }),
) as unknown as z.ZodType<'auto' | number>;

export const RECSYS_SETTINGS = {
  betaCap: spec<number>({
    label: 'β cap',
    help: 'Mult-VAE: β = min(β_cap, step / annealSteps). Liang et al. cap it at 0.2, well below the ELBO’s 1. β cap 1 with anneal steps = the updates you will train is their uncapped sweep for choosing the cap (preset “Mult-VAE: choosing β”). Applies live.',
    schema: numberIn('betaCap', 0, 5),
    default: 0.2,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 5, step: 0.05 },
  }),
  annealSteps: spec<'auto' | number>({
    label: 'Anneal steps',
    help: 'Updates over which β would rise linearly to 1 (it stops at the cap). auto: the paper’s 200,000 on ML-20M rescaled by updates per epoch (round(200,000 · u / 234)). Applies live.',
    schema: annealSchema,
    default: 'auto',
    resets: false,
    scope: 'train',
    control: {
      kind: 'select',
      options: [{ value: 'auto', label: 'auto (paper, per epoch)' }, ...[200, 1000, 5000, 20000, 200000].map((n) => ({ value: String(n), label: n.toLocaleString('en') }))],
    },
  }),
  keepProb: spec<number>({
    label: 'Keep probability',
    help: 'Dropout on the L2-normalised input clicks: each click is kept with this probability while training (0.5 in the paper).',
    schema: numberIn('keepProb', 0.05, 1),
    default: 0.5,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0.05, max: 1, step: 0.05 },
  }),
  multHidden: spec<number>({
    label: 'Hidden units',
    help: 'Width of the tanh layer between the items and the code, mirrored in the decoder: I-600-K-600-I. 0 = none (the paper’s Mult-DAE is I-200-I).',
    schema: intIn('multHidden', 0, 2000),
    default: 600,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 2000, step: 50 },
  }),
  weightDecay: spec<number>({
    label: 'Weight decay λ',
    help: 'Mult-DAE and CDAE: the loss adds λ Σ‖W‖² over the kernels (CDAE: and its user vectors). The authors’ notebook uses 0.01 / batch size = 2·10⁻⁵ (batch 500). 0 turns it off.',
    schema: numberIn('weightDecay', 0, 1),
    default: 2e-5,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1e-7, max: 1, step: 1e-6, log: true },
  }),
  easeLambda: spec<number>({
    label: 'EASE λ',
    help: 'L2 penalty of EASE: B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹. Fitted in closed form (seconds to minutes, with a progress bar).',
    schema: numberIn('easeLambda', 1, 1_000_000),
    default: 500,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 1_000_000, step: 50, log: true },
  }),
};
