import { useSyncExternalStore } from 'react';
import { createProgressStore, type ChapterProgress, type ProgressStore } from './progress';

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The page's one progress store, on localStorage. */
export const progressStore: ProgressStore = createProgressStore(browserStorage());

/** A chapter's progress, re-rendering when it changes. */
export function useChapterProgress(chapterId: string): ChapterProgress {
  return useSyncExternalStore(progressStore.subscribe, () => progressStore.get(chapterId));
}
