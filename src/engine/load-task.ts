import { ImageTask } from './image-task';
import { RecsysTask } from './recsys-task';
import type { Task, TaskLoadContext } from './task';

/** MovieLens datasets are recommender tasks; everything else is images. */
export const isRecsysDataset = (dataset: string): boolean => dataset.startsWith('movielens');

export async function loadTask(ctx: TaskLoadContext): Promise<Task> {
  if (isRecsysDataset(ctx.settings.dataset)) return RecsysTask.load(ctx);
  return ImageTask.load(ctx);
}
