import { useEffect, useRef } from 'react';
import { navigate } from '../client/router';
import { notify, useLab } from '../state/store';
import { ChapterList } from './chapter-list';
import { ChapterView, learnFocus } from './chapter-view';
import { CHAPTERS } from './chapters';
import { neighbourStep, resolveLearnRoute } from './deep-link';
import 'katex/dist/katex.min.css';
import './learn.css';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName));

/** The notebook-style walkthroughs: #/learn lists the chapters, #/learn/<chapter>/<step> shows a step. */
export function LearnView() {
  const route = useLab((s) => s.route);
  const resolved = resolveLearnRoute(route, CHAPTERS);
  const notice = resolved.notice;
  // Once per route (React StrictMode runs effects twice in development).
  const noticed = useRef<string | null>(null);
  useEffect(() => {
    if (!notice || noticed.current === route) return;
    noticed.current = route;
    notify('info', notice);
  }, [notice, route]);

  // Child effects run first: the first step view keeps the browser's focus, later ones move it.
  useEffect(() => {
    learnFocus.initial = false;
  }, []);

  const atChapter = resolved.view === 'step' ? resolved.chapterIndex : null;
  const atStep = resolved.view === 'step' ? resolved.stepIndex : null;
  // ← / → move between steps, unless focus is in a field (radio buttons use the arrows).
  useEffect(() => {
    if (atChapter === null || atStep === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || typing(e.target) || e.defaultPrevented) return;
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const to = neighbourStep(CHAPTERS, atChapter, atStep, e.key === 'ArrowRight' ? 1 : -1);
      if (!to) return;
      e.preventDefault();
      navigate(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [atChapter, atStep]);

  return (
    <main className="learn" id="main">
      {resolved.view === 'step' ? <ChapterView chapter={resolved.chapter} chapterIndex={resolved.chapterIndex} stepIndex={resolved.stepIndex} /> : <ChapterList />}
    </main>
  );
}
