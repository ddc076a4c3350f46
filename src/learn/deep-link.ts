import type { Chapter } from './types';

/** The parts of a '/learn/<chapter>/<step>' route; null when the route is not under /learn. */
export interface LearnLink {
  chapterId: string | null;
  /** 1-based step number, or null when absent or not a positive whole number. */
  step: number | null;
}

/** '/learn' → {null, null}; '/learn/vae' → {'vae', null}; '/learn/vae/3' → {'vae', 3}. */
export function parseLearnRoute(route: string): LearnLink | null {
  const path = route.split(/[?#]/)[0];
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'learn') return null;
  let chapterId: string | null = null;
  try {
    chapterId = parts[1] ? decodeURIComponent(parts[1]) : null;
  } catch {
    chapterId = parts[1];
  }
  const step = parts[2] !== undefined && /^\d+$/.test(parts[2]) && Number(parts[2]) >= 1 ? Number(parts[2]) : null;
  return { chapterId, step };
}

/** The route of a step (1-based): '/learn/vae/3'. */
export function learnRoute(chapterId: string, step: number): string {
  return `/learn/${encodeURIComponent(chapterId)}/${step}`;
}

export type ResolvedLink = { view: 'index'; notice?: string } | { view: 'step'; chapter: Chapter; chapterIndex: number; stepIndex: number; notice?: string };

/**
 * Turns a route into what to show. Unknown chapters fall back to the chapter list and
 * out-of-range steps to the nearest step, each with a notice saying so.
 */
export function resolveLearnRoute(route: string, chapters: readonly Chapter[]): ResolvedLink {
  const link = parseLearnRoute(route);
  if (!link || link.chapterId === null) return { view: 'index' };
  const chapterIndex = chapters.findIndex((c) => c.id === link.chapterId);
  if (chapterIndex === -1) return { view: 'index', notice: `There is no chapter "${link.chapterId}"; here are all the chapters.` };
  const chapter = chapters[chapterIndex];
  const raw = route.split(/[?#]/)[0].split('/').filter(Boolean)[2];
  if (link.step === null) {
    const notice = raw !== undefined ? `"${raw}" is not a step number; showing step 1.` : undefined;
    return { view: 'step', chapter, chapterIndex, stepIndex: 0, notice };
  }
  if (link.step > chapter.steps.length) {
    const last = chapter.steps.length;
    return { view: 'step', chapter, chapterIndex, stepIndex: last - 1, notice: `Chapter "${chapter.title}" has ${last} steps; showing step ${last}.` };
  }
  return { view: 'step', chapter, chapterIndex, stepIndex: link.step - 1 };
}

/** The step after (or before) this one, crossing into the next (previous) chapter; null at the ends. */
export function neighbourStep(chapters: readonly Chapter[], chapterIndex: number, stepIndex: number, delta: 1 | -1): string | null {
  const chapter = chapters[chapterIndex];
  const next = stepIndex + delta;
  if (next >= 0 && next < chapter.steps.length) return learnRoute(chapter.id, next + 1);
  const other = chapters[chapterIndex + delta];
  if (!other) return null;
  return learnRoute(other.id, delta === 1 ? 1 : other.steps.length);
}
