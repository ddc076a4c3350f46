import { familyOf, isModelName, modelsOfTask, type ModelName } from '../families';
import { DATASETS, datasetServes, datasetSpec, defaultDatasetFor, type DatasetId } from '../families/datasets';
import { TASK_WORDS } from '../families/task-kind';

export interface TaskFix {
  dataset?: DatasetId;
  model?: ModelName;
  note?: string;
  error?: string;
}

/**
 * A model's family names its task kind (images, clicks); the dataset must serve it. When a
 * patch changes only one side, the other follows to a default that fits (and says so); a
 * patch naming both sides of a mismatched pair is refused.
 */
export function matchTask(next: { model: ModelName; dataset: DatasetId }, patched: { model: boolean; dataset: boolean }): TaskFix {
  const family = familyOf(next.model);
  if (datasetServes(next.dataset, family.task)) return {};
  const words = TASK_WORDS[family.task];
  // The model leads when it alone changed, or when neither did (a mismatched link).
  if (!patched.dataset) {
    const dataset = defaultDatasetFor(family.task);
    return { dataset, note: `The ${next.model} model needs ${words.data}: the dataset was switched to ${dataset}.` };
  }
  const spec = datasetSpec(next.dataset);
  if (!patched.model) {
    const model = isModelName(spec.defaultModel) ? spec.defaultModel : modelsOfTask(spec.tasks[0])[0];
    return { model, note: `The ${next.dataset} dataset needs ${TASK_WORDS[spec.tasks[0]].model}: the model was switched to ${model}.` };
  }
  const fitting = DATASETS.filter((d) => datasetServes(d.id, family.task)).map((d) => d.id);
  const list = fitting.length < 2 ? fitting.join('') : `${fitting.slice(0, -1).join(', ')} or ${fitting.at(-1)}`;
  return { error: `The ${next.model} model ${words.does}: it needs ${words.data} (${list}), not ${next.dataset}.` };
}
