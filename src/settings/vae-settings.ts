// Settings of the variational autoencoder (β schedule, free bits, likelihood…).
// Spread into SETTINGS in schema.ts; each family (src/families/) lists the rows it shows.
import { z } from 'zod';
import type { RowSettings } from './schema';
import { betaScheduleFromParams, type BetaSchedule } from '../math/beta-schedule';
import { intIn, numberIn, spec } from './spec';

const MAX_STEPS = 1_000_000;

/** A number in (0, max] with messages that name the setting. */
const positiveUpTo = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .gt(0, `${name} must be above 0`)
    .max(max, `${name} must be at most ${max}`);

export const BETA_SCHEDULE_OPTIONS = [
  { value: 'constant', label: 'Constant' },
  { value: 'linear', label: 'Linear warm-up' },
  { value: 'cyclical', label: 'Cyclical' },
  { value: 'logistic', label: 'Logistic' },
] as const;

export const VAE_SETTINGS = {
  vaeHidden: spec<number>({
    label: 'Hidden units',
    help: 'Width of the one hidden layer of the encoder (D pixels → H → μ, log σ²) and of the mirrored decoder.',
    schema: intIn('vaeHidden', 16, 1024),
    default: 256,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 16, max: 1024, step: 16 },
  }),
  vaeHidden2: spec<number>({
    label: 'Second hidden layer',
    help: 'Width of a second hidden layer (D pixels → H → H₂ → μ, log σ²; the decoder mirrors it). 0: one hidden layer.',
    schema: intIn('vaeHidden2', 0, 1024),
    default: 0,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 1024, step: 16 },
  }),
  vaeActivation: spec<'relu' | 'tanh'>({
    label: 'Activation',
    help: 'Nonlinearity of the hidden layers.',
    schema: z.enum(['relu', 'tanh'], { error: 'vaeActivation must be "relu" or "tanh"' }),
    default: 'relu',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'relu', label: 'ReLU' },
        { value: 'tanh', label: 'tanh' },
      ],
    },
  }),
  likelihood: spec<'bernoulli' | 'gaussian'>({
    label: 'Likelihood p(x|z)',
    help: 'Bernoulli: cross-entropy per pixel. Gaussian: squared error with a fixed σ = 0.1 (in nats, with its constant).',
    schema: z.enum(['bernoulli', 'gaussian'], { error: 'likelihood must be "bernoulli" or "gaussian"' }),
    default: 'bernoulli',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'bernoulli', label: 'Bernoulli' },
        { value: 'gaussian', label: 'Gaussian (σ = 0.1)' },
      ],
    },
  }),
  betaSchedule: spec<'constant' | 'linear' | 'cyclical' | 'logistic'>({
    label: 'β schedule',
    help: 'How the weight β on the KL term moves with the step: constant, linear warm-up (Bowman 2016), cyclical (Fu 2019) or logistic. Applies live.',
    schema: z.enum(['constant', 'linear', 'cyclical', 'logistic'], { error: 'betaSchedule must be one of: constant, linear, cyclical, logistic' }),
    default: 'constant',
    resets: false,
    scope: 'train',
    control: { kind: 'select', options: BETA_SCHEDULE_OPTIONS },
  }),
  betaMax: spec<number>({
    label: 'β (max)',
    help: 'The KL weight β (the constant value, or the value the schedule rises to). 1 is the ELBO; above 1 is a β-VAE. Applies live.',
    schema: numberIn('betaMax', 0, 100),
    default: 1,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 100, step: 0.1 },
  }),
  betaWarmupSteps: spec<number>({
    label: 'Warm-up steps',
    help: 'Linear schedule: β = β_max · min(1, step / N) reaches β_max after N steps. Applies live.',
    schema: intIn('betaWarmupSteps', 0, MAX_STEPS),
    default: 2000,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: MAX_STEPS, step: 100 },
  }),
  betaCycles: spec<number>({
    label: 'Cycles',
    help: 'Cyclical schedule: the number n of ramps in the first T steps. Applies live.',
    schema: intIn('betaCycles', 1, 100),
    default: 4,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 100, step: 1 },
  }),
  betaRampFraction: spec<number>({
    label: 'Ramp fraction r',
    help: 'Cyclical schedule: the share of each cycle over which β rises (then it holds at β_max). Applies live.',
    schema: positiveUpTo('betaRampFraction', 1),
    default: 0.5,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0.05, max: 1, step: 0.05 },
  }),
  betaTotalSteps: spec<number>({
    label: 'Cycled steps T',
    help: 'Cyclical schedule: the cycles fill the first T steps; after T, β holds at β_max. Applies live.',
    schema: intIn('betaTotalSteps', 1, MAX_STEPS),
    default: 8000,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 1, max: MAX_STEPS, step: 100 },
  }),
  betaLogisticK: spec<number>({
    label: 'Logistic slope k',
    help: 'Logistic schedule: β = β_max / (1 + e^(−k(step − x₀))). Larger k, sharper switch. Applies live.',
    schema: positiveUpTo('betaLogisticK', 1),
    default: 0.0025,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0.0001, max: 1, step: 0.0001, log: true },
  }),
  betaLogisticX0: spec<number>({
    label: 'Logistic midpoint x₀',
    help: 'Logistic schedule: the step at which β reaches half of β_max. Applies live.',
    schema: numberIn('betaLogisticX0', 0, MAX_STEPS),
    default: 2500,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: MAX_STEPS, step: 100 },
  }),
  freeBits: spec<number>({
    label: 'Free bits λ (nats/dim)',
    help: 'Kingma et al. 2016: the KL term becomes Σ_j max(λ, KL_j), so each latent dimension may carry λ nats for free. 0 turns it off. Applies live.',
    schema: numberIn('freeBits', 0, 5),
    default: 0,
    resets: false,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 5, step: 0.05 },
  }),
};

/** The flat settings that make up the β schedule and free bits (all apply live). */
export const VAE_LIVE_KEYS = [
  'betaSchedule',
  'betaMax',
  'betaWarmupSteps',
  'betaCycles',
  'betaRampFraction',
  'betaTotalSteps',
  'betaLogisticK',
  'betaLogisticX0',
  'freeBits',
] as const;

/** The VAE's live settings, typed from the settings table. */
export type VaeLiveSettings = Pick<RowSettings, (typeof VAE_LIVE_KEYS)[number]>;

/** The table's flat β parameters → the schedule object (pure: the model and the β panel share it). */
export function betaScheduleFromSettings(s: VaeLiveSettings): BetaSchedule {
  return betaScheduleFromParams({
    kind: s.betaSchedule,
    betaMax: s.betaMax,
    warmupSteps: s.betaWarmupSteps,
    totalSteps: s.betaTotalSteps,
    cycles: s.betaCycles,
    rampFraction: s.betaRampFraction,
    logisticK: s.betaLogisticK,
    logisticX0: s.betaLogisticX0,
  });
}
