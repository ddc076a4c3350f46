import type { Chapter } from '../types';
import { encoderDecoder } from './01-encoder-decoder';
import { linearPca } from './02-linear-pca';
import { undercompleteOvercomplete } from './03-undercomplete-overcomplete';
import { sparse } from './04-sparse';
import { denoising } from './05-denoising';
import { contractive } from './06-contractive';
import { deepFeatures } from './07-deep-features';
import { vae } from './08-vae';
import { betaKl } from './09-beta-kl';
import { recommenders } from './10-recommenders';
import { ratingMatrices } from './rating-matrices';
import { linearRecommenders } from './11-linear-recommenders';

/** The walkthrough, in order: the classic lecture sequence, then the recommender retrospective. */
export const CHAPTERS: readonly Chapter[] = [
  encoderDecoder,
  linearPca,
  undercompleteOvercomplete,
  sparse,
  denoising,
  contractive,
  deepFeatures,
  vae,
  betaKl,
  recommenders,
  ratingMatrices,
  linearRecommenders,
];
