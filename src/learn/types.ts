import type { Settings } from '../settings/schema';
import type { PendingSetting } from './pending';

/**
 * The live panels a step can embed: the three common ones, and 'model' for the
 * current model's own panels (modelPanels(model): β schedule, latent map, …).
 */
export const PANEL_NAMES = ['loss', 'weights', 'reconstructions', 'model'] as const;
export type PanelName = (typeof PANEL_NAMES)[number];

/**
 * Settings a step puts the lab into. Keys are settings-schema names (typo-checked),
 * or names of settings that are still being built (see pending.ts); model and
 * dataset are plain strings so steps can name models that have not landed yet.
 */
export type StepPreset = Partial<Omit<Settings, 'model' | 'dataset'>> & {
  model?: string;
  dataset?: string;
} & Partial<Record<PendingSetting, string | number | boolean>>;

/** A "predict, then run" question: pick an answer, run the lab, then see why. */
export interface Question {
  prompt: string;
  choices: string[];
  /** Index into choices of the right answer. */
  answer: number;
  /** Shown only after the learner has answered and run. */
  explanation: string;
  /** What Run does: this many training steps (then reveal), or 'play' (reveal at once). Default 'play'. */
  run?: { steps: number } | 'play';
}

export interface Step {
  title: string;
  /**
   * Short markdown-ish text: paragraphs separated by blank lines, "- " lists,
   * **bold**, `code`, inline $…$ and display $$…$$ math (KaTeX).
   */
  prose: string;
  /** Applied on entering the step (engine.set, then engine.reset). */
  preset?: StepPreset;
  /** Models this step needs; while any is missing from MODELS the step says "coming soon". */
  requires?: string[];
  panels?: PanelName[];
  /** The data-panel name of a panel to outline ('loss', 'weights', or a model panel's name). */
  highlight?: string;
  question?: Question;
}

export interface Chapter {
  /** Kebab-case; the deep link is #/learn/<id>/<step>. */
  id: string;
  title: string;
  /** One line for the chapter list. */
  summary: string;
  steps: Step[];
}
