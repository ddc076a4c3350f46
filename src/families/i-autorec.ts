import { autorecFamily } from './autorec-family';

/** I-AutoRec (Sedhain et al. 2015): each item's ratings over all users, reconstructed through 500 sigmoid units. */
export const iAutoRec = autorecFamily({
  name: 'i-autorec',
  label: 'I-AutoRec (ratings)',
  help: 'Sedhain et al. 2015: reconstructs each movie’s ratings over all users; only observed ratings count in the loss.',
  rows: 'items',
});
