import { useEffect, useRef, useState } from 'react';
import { useEngine } from '../client/engine-context';
import { CheckpointChoice } from '../runs/checkpoint-choice';
import { checkpointedPresetFor } from '../runs/checkpoints';
import { useLab } from '../state/store';
import { effectiveStep, presetHolds } from './effective-step';
import { Prose } from './prose';
import { QuestionCard } from './question-card';
import { applyStepPreset } from './step-preset';
import { StepPanels } from './step-panels';
import type { Chapter } from './types';
import { progressStore } from './use-progress';

type PresetStatus = { kind: 'none' } | { kind: 'applying' } | { kind: 'applied' } | { kind: 'error'; message: string };

/**
 * One step: its prose, the lab put into the step's state, the question and the live
 * panels. A step's own preset always starts a fresh run; a step without one continues
 * the scenario of the step before it (re-applied only if the lab has left it, e.g. when
 * the step is opened by a deep link).
 */
export function StepView({ chapter, index }: { chapter: Chapter; index: number }) {
  const engine = useEngine();
  const { step, preset, own } = effectiveStep(chapter, index);
  const stepNumber = index + 1;
  const key = `${chapter.id}/${stepNumber}`;
  const live = Boolean(step.question || step.panels?.length);
  // A step that runs a preset's settings exactly may start at its shipped checkpoint (not a question's step: that would give the answer away).
  const shipped = own && preset && !step.question ? checkpointedPresetFor(preset) : null;
  const [status, setStatus] = useState<PresetStatus>({ kind: 'none' });
  const [attempt, setAttempt] = useState(0);
  // Guards against applying twice (React StrictMode runs effects twice in development).
  const appliedFor = useRef<string | null>(null);
  const current = useRef(key);
  current.current = key;

  useEffect(() => {
    progressStore.markVisited(chapter.id, stepNumber);
    if (!step.question) progressStore.markCompleted(chapter.id, stepNumber);
  }, [chapter.id, stepNumber, step.question]);

  useEffect(() => {
    if (appliedFor.current === `${key}#${attempt}`) return;
    appliedFor.current = `${key}#${attempt}`;
    // A question is answered before the lab runs: stop any training first.
    if (step.question) engine.pause();
    if (!preset || (!own && (!live || presetHolds(preset, useLab.getState().settings)))) {
      setStatus({ kind: preset ? 'applied' : 'none' });
      return;
    }
    engine.pause();
    setStatus({ kind: 'applying' });
    applyStepPreset(engine, preset, useLab.getState().settings).then(
      () => {
        if (step.question) engine.pause();
        if (current.current === key) setStatus({ kind: 'applied' });
      },
      (e: Error) => {
        if (current.current === key) setStatus({ kind: 'error', message: e.message });
      },
    );
  }, [key, attempt, engine, step, preset, own, live]);

  return (
    <>
      <Prose text={step.prose} />
      <div aria-live="polite" className="learn-status" data-testid="step-status" data-state={status.kind}>
        {status.kind === 'applying' && <p className="hint">Setting up the lab for this step…</p>}
        {status.kind === 'error' && (
          <div className="learn-error" role="alert" data-testid="preset-error">
            <p>This step’s settings could not be applied: {status.message} The lab is unchanged.</p>
            <button type="button" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </button>
          </div>
        )}
      </div>
      {status.kind === 'applied' && shipped && <CheckpointChoice preset={shipped} />}
      {/* A failed setup hides the question and panels: they would show another model. */}
      {status.kind !== 'error' && step.question && (
        <QuestionCard key={key} question={step.question} disabled={status.kind === 'applying'} onRevealed={() => progressStore.markCompleted(chapter.id, stepNumber)} />
      )}
      {status.kind !== 'error' && step.panels && step.panels.length > 0 && <StepPanels panels={step.panels} highlight={step.highlight} />}
    </>
  );
}
