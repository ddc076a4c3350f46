import { useEffect, useRef } from 'react';
import { navigate } from '../client/router';
import { learnRoute, neighbourStep } from './deep-link';
import { StepView } from './step-view';
import type { Chapter } from './types';
import { useChapterProgress } from './use-progress';
import { CHAPTERS } from './chapters';
import { RouteLink } from './route-link';

/** True during the page's first render of the Learn view (LearnView clears it after). */
export const learnFocus = { initial: true };

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A chapter: its step list, the current step, and previous/next. */
export function ChapterView({ chapter, chapterIndex, stepIndex }: { chapter: Chapter; chapterIndex: number; stepIndex: number }) {
  const progress = useChapterProgress(chapter.id);
  const step = chapter.steps[stepIndex];
  const stepNumber = stepIndex + 1;
  const prev = neighbourStep(CHAPTERS, chapterIndex, stepIndex, -1);
  const next = neighbourStep(CHAPTERS, chapterIndex, stepIndex, 1);
  const heading = useRef<HTMLHeadingElement>(null);

  // On a new step, move focus to its title (screen readers announce it) and scroll up;
  // not on the page's first view, where the browser's own focus and scroll stand.
  useEffect(() => {
    if (learnFocus.initial) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'start' });
  }, [chapter.id, stepIndex]);

  const nextLabel = stepIndex + 1 < chapter.steps.length ? 'Next step' : 'Next chapter';
  const prevLabel = stepIndex > 0 ? 'Previous step' : 'Previous chapter';
  return (
    <article className="learn-chapter" aria-labelledby="learn-chapter-title">
      <nav className="learn-crumbs" aria-label="Walkthrough">
        <RouteLink to="/learn">All chapters</RouteLink>
      </nav>
      <h2 id="learn-chapter-title">
        <span className="learn-number">Chapter {chapterIndex + 1}</span> {chapter.title}
      </h2>
      <nav aria-label={`Steps of chapter ${chapterIndex + 1}`}>
        <ol className="learn-steps">
          {chapter.steps.map((s, i) => {
            const n = i + 1;
            const done = progress.completed.includes(n);
            const seen = progress.visited.includes(n);
            const state = done ? 'completed' : seen ? 'visited' : 'not visited';
            return (
              <li key={n}>
                <RouteLink
                  to={learnRoute(chapter.id, n)}
                  aria-current={i === stepIndex ? 'step' : undefined}
                  aria-label={`Step ${n}: ${s.title} (${state})`}
                  className={`learn-pill${done ? ' done' : seen ? ' seen' : ''}`}
                  data-testid={`step-pill-${n}`}
                  data-state={state}
                  title={s.title}
                >
                  {done ? '✓' : n}
                </RouteLink>
              </li>
            );
          })}
        </ol>
      </nav>
      <section className="learn-step" aria-labelledby="learn-step-title">
        <h3 id="learn-step-title" ref={heading} tabIndex={-1}>
          <span className="learn-number">
            Step {stepNumber} of {chapter.steps.length}
          </span>{' '}
          {step.title}
        </h3>
        <StepView key={`${chapter.id}/${stepNumber}`} chapter={chapter} index={stepIndex} />
      </section>
      <nav className="learn-pager" aria-label="Previous and next">
        <button type="button" disabled={!prev} onClick={() => prev && navigate(prev)} data-testid="learn-prev">
          ← {prevLabel}
        </button>
        <span className="hint learn-keys" aria-hidden="true">
          <kbd>←</kbd> <kbd>→</kbd>
        </span>
        <button type="button" className="primary" disabled={!next} onClick={() => next && navigate(next)} data-testid="learn-next">
          {nextLabel} →
        </button>
      </nav>
    </article>
  );
}
