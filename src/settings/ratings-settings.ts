// Settings of the explicit-ratings task (AutoRec, Sedhain et al. 2015, and its baselines).
// Spread into SETTINGS in schema.ts; each family (src/families/) lists the rows it shows.
import { z } from 'zod';
import { MOVIELENS_TASKS, type MovieLensTask } from '../families/task-kind';
import { BIAS_LAMBDA, MF_DEFAULTS } from '../math/rating-baselines';
import { intIn, numberIn, spec } from './spec';

export const RATINGS_SETTINGS = {
  task: spec<MovieLensTask>({
    label: 'Task',
    help: 'On MovieLens: rank movies from clicks (ratings ≥ 4, Liang et al.) or predict the star ratings themselves (AutoRec, RMSE).',
    schema: z.enum(MOVIELENS_TASKS, { error: `task must be one of: ${MOVIELENS_TASKS.join(', ')}` }),
    default: 'clicks',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'clicks', label: 'Rank movies (clicks)' },
        { value: 'ratings', label: 'Predict ratings' },
      ],
    },
  }),
  autorecHidden: spec<number>({
    label: 'Hidden units',
    help: 'AutoRec: h = σ(r V + μ) with this many sigmoid units (500 in the paper).',
    schema: intIn('autorecHidden', 1, 2000),
    default: 500,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 2000, step: 10 },
  }),
  autorecLambda: spec<number>({
    label: 'λ (weight penalty)',
    help: 'AutoRec: the objective adds (λ/2)(‖W‖² + ‖V‖²). Too small and it overfits within a few epochs: the best validation checkpoint is kept.',
    schema: numberIn('autorecLambda', 0, 10_000),
    // Chosen on ml-100k's validation ratings (Adam 1e-3, batch 64, 500 units): larger λ kept
    // improving up to 300 and was worse at 1000. Re-run: AUTOREC_SWEEP in test/unit/ratings-real.test.ts.
    default: 300,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0.01, max: 10_000, step: 1, log: true },
  }),
  autorecMask: spec<boolean>({
    label: 'Mask missing ratings',
    help: 'On (the paper): the error counts observed ratings only. Off: every missing rating counts as a 0 to reproduce, and the predictions sink toward 0.',
    schema: z.boolean({ error: 'autorecMask must be true or false' }),
    default: true,
    resets: true,
    scope: 'train',
    control: { kind: 'toggle' },
  }),
  biasLambda: spec<number>({
    label: 'Bias λ',
    help: 'User + item biases r̂ = μ + b_u + b_i: the ridge penalty on each bias (alternating closed forms).',
    schema: numberIn('biasLambda', 0, 1000),
    default: BIAS_LAMBDA.user,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 1000, step: 1 },
  }),
  mfRank: spec<number>({
    label: 'MF rank K',
    help: 'Biased matrix factorization r̂ = μ + b_u + b_i + p_u·q_i with K factors (R ≈ UVᵀ), fitted by SGD.',
    schema: intIn('mfRank', 1, 500),
    default: MF_DEFAULTS.rank,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 500, step: 1 },
  }),
};
