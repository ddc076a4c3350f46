import { familyFor, type TaskKind } from '../families';
import { ImageTask } from './image-task';
import { RatingsTask } from './ratings-task';
import { RecsysTask } from './recsys-task';
import type { Task, TaskLoadContext } from './task';

/** Each task kind's loader: a new kind in families/task-kind.ts is a compile error here until it has one. */
const LOADERS: Record<TaskKind, (ctx: TaskLoadContext) => Promise<Task>> = {
  images: (ctx) => ImageTask.load(ctx),
  clicks: (ctx) => RecsysTask.load(ctx),
  ratings: (ctx) => RatingsTask.load(ctx),
};

/** Loads the data for the task of the model the settings name (the schema checked that the dataset serves it). */
export function loadTask(ctx: TaskLoadContext): Promise<Task> {
  return LOADERS[familyFor(ctx.settings).task](ctx);
}
