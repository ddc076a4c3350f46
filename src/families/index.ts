// The one registry of model families. Every list of model names (the schema's enum, the
// model control, validation, the panels, the worker's builder) is derived from FAMILIES.
// Adding a family: one file here, its settings rows in src/settings/, and one line below.
// A model name may have one family per task kind (the linear autoencoder on images and on
// clicks): familyFor resolves the one the settings run.
import { autoencoder } from './autoencoder';
import { cdae } from './cdae';
import { contractive } from './contractive';
import { denoising } from './denoising';
import { ease } from './ease';
import { iAutoRec } from './i-autorec';
import type { DiagnosticsOf, ModelFamily } from './family';
import { itemKnn } from './item-knn';
import { linear } from './linear';
import { linearRecommender } from './linear-recommender';
import { datasetServes, type DatasetId } from './datasets';
import { multDae } from './mult-dae';
import { multVae } from './mult-vae';
import { popularity } from './popularity';
import { ratingBiases } from './rating-biases';
import { ratingMf } from './rating-mf';
import { sparse } from './sparse';
import type { TaskKind } from './task-kind';
import { uAutoRec } from './u-autorec';
import { vae } from './vae';

export const FAMILIES = [
  linear,
  autoencoder,
  sparse,
  denoising,
  contractive,
  vae,
  multVae,
  multDae,
  cdae,
  linearRecommender,
  ease,
  popularity,
  itemKnn,
  iAutoRec,
  uAutoRec,
  ratingBiases,
  ratingMf,
] as const;

export type Family = (typeof FAMILIES)[number];
export type ModelName = Family['name'];
export type FamilyNamed<N extends ModelName> = Extract<Family, { name: N }>;

/** Any family, typed loosely: what generic code (the session, the controls) reads. */
export type AnyFamily = ModelFamily<ModelName, TaskKind>;

const registry: AnyFamily[] = FAMILIES.map((f) => f as unknown as AnyFamily);

/**
 * Adds a family at run time: how a test defines a fixture family in its own file and
 * sees it in the model control, the URL, validation and the panels with no edit elsewhere.
 * Everything below reads the registry when called, never a copy taken at load.
 */
export function registerFamily(f: ModelFamily<string, TaskKind>): void {
  if (registry.some((r) => r.name === f.name)) throw new Error(`A family named "${f.name}" exists already.`);
  registry.push(f as AnyFamily);
}

/** Every family, in registry order. */
export const families = (): readonly AnyFamily[] => registry;

/** Every model name, in registry order (once each). */
export const modelNames = (): ModelName[] => [...new Set(registry.map((f) => f.name))];

export const isModelName = (name: unknown): name is ModelName => registry.some((f) => f.name === name);

/** The family of a model name (the schema has validated it); its first task kind's, for a name with several. */
export function familyOf(name: ModelName): AnyFamily {
  const f = registry.find((r) => r.name === name);
  if (!f) throw new Error(`Unknown model "${name}".`);
  return f;
}

/** The task kinds a model name runs, in registry order (linear: images and clicks). */
export const tasksOf = (name: ModelName): TaskKind[] => registry.filter((f) => f.name === name).map((f) => f.task);

/** What picks a family: the model's name, and the dataset and `task` setting it runs with. */
export interface ModelChoice {
  model: ModelName;
  dataset: DatasetId;
  task: TaskKind;
}

/**
 * The family the settings run: the model's family for the task kind its dataset serves — on
 * MovieLens the one the `task` setting names, elsewhere images. Falls back to familyOf.
 */
export function familyFor(s: ModelChoice): AnyFamily {
  const all = registry.filter((f) => f.name === s.model);
  if (all.length < 2) return familyOf(s.model);
  const served = all.filter((f) => datasetServes(s.dataset, f.task));
  return served.find((f) => f.task === 'images' || f.task === s.task) ?? served[0] ?? all[0];
}

/** The models of one task kind, in registry order. */
export const modelsOfTask = (task: TaskKind): ModelName[] => registry.filter((f) => f.task === task).map((f) => f.name);

/** The models whose settings rows include this setting (the controls show it under them). */
export const modelsUsing = (key: string): ModelName[] => [...new Set(registry.filter((f) => (f.settings as readonly string[]).includes(key)).map((f) => f.name))];

/** Every family's diagnostics merged, each field optional: what a snapshot may carry. */
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type Diagnostics = Partial<UnionToIntersection<DiagnosticsOf<Family>>>;

export type { ModelFamily, BuildContext, ClickFits, RatingFits } from './family';
export type { TaskKind } from './task-kind';
export type { PanelId } from './panel-ids';
