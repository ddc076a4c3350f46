// Settings of item-kNN (cosine with shrink, k neighbours; Dacrema et al. 2019's baseline).
// Spread into SETTINGS in schema.ts; the item-knn family (src/families/item-knn.ts) lists them.
import { intIn, numberIn, spec } from './spec';

export const KNN_SETTINGS = {
  knnNeighbours: spec<number>({
    label: 'Neighbours k',
    help: 'Item-kNN: each movie keeps only its k most similar movies; a user’s score for it sums the similarities of those they clicked.',
    schema: intIn('knnNeighbours', 1, 2000),
    default: 100,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 1, max: 2000, step: 10 },
  }),
  knnShrink: spec<number>({
    label: 'Shrink h',
    help: 'Item-kNN: s_ij = x_iᵀx_j / (‖x_i‖‖x_j‖ + h). A larger h discounts similarities built on few common users.',
    schema: numberIn('knnShrink', 0, 1000),
    default: 10,
    resets: true,
    scope: 'train',
    control: { kind: 'number', min: 0, max: 1000, step: 1 },
  }),
};
