// The click likelihood of the Mult recommenders (Liang et al. 2018, §2.2).
// Spread into ROWS in schema.ts; Mult-VAE and Mult-DAE list the row. Its key is not
// `likelihood`: that row is the image VAE's (Bernoulli or Gaussian over pixels).
import { z } from 'zod';
import type { ClickLikelihood } from '../models/click-likelihoods';
import { spec } from './spec';

const VALUES = ['multinomial', 'gaussian', 'logistic'] as const satisfies readonly ClickLikelihood[];

export const LIKELIHOOD_SETTINGS = {
  clickLikelihood: spec<ClickLikelihood>({
    label: 'Likelihood p(x|z)',
    help: 'Multinomial: −Σᵢ xᵢ log softmax(f)ᵢ, the items compete for one budget (the paper’s choice). Gaussian: ½ Σᵢ (xᵢ − fᵢ)². Logistic: a sigmoid cross-entropy per item. All three rank by f.',
    schema: z.enum(VALUES, { error: `clickLikelihood must be one of: ${VALUES.join(', ')}` }),
    default: 'multinomial',
    resets: true,
    scope: 'train',
    control: {
      kind: 'select',
      options: [
        { value: 'multinomial', label: 'Multinomial' },
        { value: 'gaussian', label: 'Gaussian' },
        { value: 'logistic', label: 'Logistic' },
      ],
    },
  }),
};
