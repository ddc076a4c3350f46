import { useLab } from '../state/store';
import type { ImageShape } from './image-shape';

/** The current data's image size, from the reference; null before it comes and for the recommender task. */
export function useImageShape(): ImageShape | null {
  return useLab((s) => (s.reference?.kind === 'images' ? s.reference.image : null));
}
