import { CHAPTERS } from './chapters';
import { learnRoute } from './deep-link';
import { completedCount } from './progress';
import type { Chapter } from './types';
import { progressStore, useChapterProgress } from './use-progress';
import { RouteLink } from './route-link';

function ChapterCard({ chapter, index }: { chapter: Chapter; index: number }) {
  const p = useChapterProgress(chapter.id);
  const total = chapter.steps.length;
  const done = completedCount(p, total);
  const resume = p.last !== null && p.last <= total ? p.last : 1;
  const titleId = `learn-card-${chapter.id}`;
  return (
    <li className="learn-card" data-testid={`chapter-${chapter.id}`}>
      <h3 id={titleId}>
        <RouteLink to={learnRoute(chapter.id, resume)}>
          <span className="learn-number">{index + 1}.</span> {chapter.title}
        </RouteLink>
      </h3>
      <p>{chapter.summary}</p>
      <div className="learn-card-foot">
        <progress max={total} value={done} aria-label={`${chapter.title}: ${done} of ${total} steps done`} />
        <span data-testid={`chapter-progress-${chapter.id}`}>
          {done} of {total} steps done
        </span>
      </div>
      {p.last !== null && p.last > 1 && done < total && (
        <RouteLink to={learnRoute(chapter.id, resume)} className="learn-resume" aria-describedby={titleId}>
          Continue at step {resume}
        </RouteLink>
      )}
    </li>
  );
}

/** The chapter list with each chapter's progress. */
export function ChapterList() {
  return (
    <section className="learn-index" aria-labelledby="learn-index-title">
      <h2 id="learn-index-title">Learn: autoencoders, step by step</h2>
      <p className="learn-intro">
        Twelve short chapters, from the encoder and decoder to recommender systems. Each step has a little text, the formulas the lab computes, and the live panels: press a step’s
        Run to test your prediction. Use <kbd>←</kbd> and <kbd>→</kbd> to move between steps. Your progress is kept in this browser.
      </p>
      <ol className="learn-cards">
        {CHAPTERS.map((c, i) => (
          <ChapterCard key={c.id} chapter={c} index={i} />
        ))}
      </ol>
      <button type="button" className="link" onClick={() => progressStore.clear(CHAPTERS.map((c) => c.id))}>
        Forget my progress
      </button>
    </section>
  );
}
