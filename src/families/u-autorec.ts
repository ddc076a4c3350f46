import { autorecFamily } from './autorec-family';

/** U-AutoRec (Sedhain et al. 2015): each user's ratings over all items. */
export const uAutoRec = autorecFamily({
  name: 'u-autorec',
  label: 'U-AutoRec (ratings)',
  help: 'Sedhain et al. 2015: reconstructs each user’s ratings over all movies (worse than I-AutoRec in the paper).',
  rows: 'users',
});
