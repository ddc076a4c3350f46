/**
 * What a model learns from: images (reconstruct pixels), clicks (rank held-out items for
 * held-out users, Liang et al. 2018) or ratings (predict held-out star ratings, Sedhain et al.
 * 2015). Each kind has a task in the worker (src/engine/load-task.ts keeps a Record over this
 * list, so a new kind is a compile error there).
 */
export const TASK_KINDS = ['images', 'clicks', 'ratings'] as const;

/** The tasks a MovieLens dataset serves, chosen by the `task` setting. */
export const MOVIELENS_TASKS = ['clicks', 'ratings'] as const;
export type MovieLensTask = (typeof MOVIELENS_TASKS)[number];
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_LABELS: Record<TaskKind, string> = {
  images: 'Reconstruct images',
  clicks: 'Rank movies (clicks)',
  ratings: 'Predict ratings',
};

/** How messages name a task kind's data and models ("needs a MovieLens dataset"). */
export const TASK_WORDS: Record<TaskKind, { data: string; model: string; does: string }> = {
  images: { data: 'an image dataset', model: 'an image model', does: 'works on images' },
  clicks: { data: 'a MovieLens dataset', model: 'a recommender', does: 'recommends movies' },
  ratings: { data: 'a MovieLens dataset', model: 'a rating predictor', does: 'predicts ratings' },
};
