import type { SeriesName } from '../engine/series';
import type { Settings } from '../settings/schema';
import type { Evidence } from './evidence';

/**
 * The live panels a step can embed: the three common ones, 'model' for the
 * current model's own panels (modelPanels(model): β schedule, latent map, …), and
 * 'pretraining' (no family's own: it trains its own networks beside the run).
 */
export const PANEL_NAMES = ['loss', 'weights', 'reconstructions', 'model', 'pretraining'] as const;
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

/**
 * What must exist before a question's explanation shows: explicit evidence (N steps, and
 * maybe a metric against a number), or a declared claim (src/learn/claims.ts), whose
 * settings must be the step's own so the claims test checks exactly what the learner runs.
 */
export type QuestionEvidence = Evidence | { claim: string; show?: SeriesName[] };

/**
 * A "predict, then run" question: the learner commits to a choice, Run is enabled only
 * then, and the explanation stays hidden until the run has produced the evidence.
 */
export interface Question {
  prompt: string;
  choices: string[];
  /** Index into choices of the right answer. */
  answer: number;
  /** Shown only once the run has produced the evidence, beside the learner's choice and the measured values. */
  explanation: string;
  /** What Run does: this many training steps, or 'play'. Either way the reveal waits for the evidence. Default 'play'. */
  run?: { steps: number } | 'play';
  evidence: QuestionEvidence;
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
