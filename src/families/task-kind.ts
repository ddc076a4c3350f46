/**
 * What a model learns from: images (reconstruct pixels) or clicks (rank held-out items for
 * held-out users, Liang et al. 2018). Each kind has a task in the worker
 * (src/engine/load-task.ts keeps a Record over this list, so a new kind is a compile error there).
 */
export const TASK_KINDS = ['images', 'clicks'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_LABELS: Record<TaskKind, string> = {
  images: 'Reconstruct images',
  clicks: 'Rank movies (clicks)',
};

/** How messages name a task kind's data and models ("needs a MovieLens dataset"). */
export const TASK_WORDS: Record<TaskKind, { data: string; model: string; does: string }> = {
  images: { data: 'an image dataset', model: 'an image model', does: 'works on images' },
  clicks: { data: 'a MovieLens dataset', model: 'a recommender', does: 'recommends movies' },
};
