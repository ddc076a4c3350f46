import type { Settings } from '../settings/schema';

/**
 * The live panels a step can embed: the three common ones, and 'model' for the
 * current model's own panels (modelPanels(model): β schedule, latent map, …).
 */
export const PANEL_NAMES = ['loss', 'weights', 'reconstructions', 'model'] as const;
export type PanelName = (typeof PANEL_NAMES)[number];

/**
 * Settings a step puts the lab into. Keys are settings-schema names (typo-checked); model
 * and dataset are plain strings, checked against the schema when the preset is applied
 * (test/unit/learn-chapters.test.ts validates every chapter's presets).
 */
export type StepPreset = Partial<Omit<Settings, 'model' | 'dataset'>> & {
  model?: string;
  dataset?: string;
};

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
