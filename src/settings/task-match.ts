import { familyFor, modelsOfTask, type ModelName } from '../families';
import { DATASETS, datasetServes, datasetSpec, defaultDatasetFor, type DatasetId } from '../families/datasets';
import { TASK_WORDS, type MovieLensTask, type TaskKind } from '../families/task-kind';

export interface TaskFix {
  dataset?: DatasetId;
  model?: ModelName;
  task?: MovieLensTask;
  note?: string;
  error?: string;
}

type Choice = { model: ModelName; dataset: DatasetId; task: MovieLensTask };
type Patched = { model: boolean; dataset: boolean; task?: boolean };

/** The first model of a task kind in the registry (Mult-VAE for clicks, I-AutoRec for ratings). */
const defaultModelFor = (task: TaskKind): ModelName => modelsOfTask(task)[0];

/**
 * A model's family names its task kind (images, clicks, ratings); the dataset must serve it,
 * and on MovieLens the `task` setting must name it. When a patch changes only one side, the
 * other follows to a default that fits (and says so); a patch naming both sides of a
 * mismatched pair is refused.
 */
export function matchTask(next: Choice, patched: Patched): TaskFix {
  const fix: TaskFix = {};
  const notes: string[] = [];
  let model = next.model;
  let task = familyFor({ model, dataset: next.dataset, task: next.task }).task;
  // The task setting against the model (it means something only for MovieLens models).
  if (task !== 'images' && task !== next.task) {
    if (patched.task && patched.model) return { error: `The ${model} model ${TASK_WORDS[task].does}; it cannot run the ${next.task} task.` };
    if (patched.task) {
      model = fix.model = defaultModelFor(next.task);
      task = next.task;
      notes.push(`The ${next.task} task needs ${TASK_WORDS[task].model}: the model was switched to ${model}.`);
    } else {
      fix.task = task;
      notes.push(`The ${model} model ${TASK_WORDS[task].does}: the task was switched to ${task}.`);
    }
  } else if (task === 'images' && patched.task && !patched.model && datasetServes(next.dataset, next.task)) {
    model = fix.model = defaultModelFor(next.task);
    task = next.task;
    notes.push(`The ${next.task} task needs ${TASK_WORDS[task].model}: the model was switched to ${model}.`);
  }
  if (datasetServes(next.dataset, task)) return withNotes(fix, notes);
  const words = TASK_WORDS[task];
  // The model leads when it alone changed, or when neither did (a mismatched link).
  if (!patched.dataset) {
    const dataset = (fix.dataset = defaultDatasetFor(task));
    notes.push(`The ${model} model needs ${words.data}: the dataset was switched to ${dataset}.`);
    return withNotes(fix, notes);
  }
  const spec = datasetSpec(next.dataset);
  if (!patched.model && !fix.model) {
    const want = (spec.tasks as readonly TaskKind[]).includes(next.task) ? next.task : spec.tasks[0];
    const m = (fix.model = defaultModelFor(want));
    notes.push(`The ${next.dataset} dataset needs ${TASK_WORDS[want].model}: the model was switched to ${m}.`);
    return withNotes(fix, notes);
  }
  const fitting = DATASETS.filter((d) => datasetServes(d.id, task)).map((d) => d.id);
  const list = fitting.length < 2 ? fitting.join('') : `${fitting.slice(0, -1).join(', ')} or ${fitting.at(-1)}`;
  return { error: `The ${model} model ${words.does}: it needs ${words.data} (${list}), not ${next.dataset}.` };
}

const withNotes = (fix: TaskFix, notes: string[]): TaskFix => (notes.length ? { ...fix, note: notes.join(' ') } : fix);
