import { useEffect, useId, useMemo, useState } from 'react';
import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';
import { resolveEvidence } from './claims';
import { describeEvidence, evidenceStatus, formatMeasured } from './evidence';
import { InlineText, Prose } from './prose';
import type { Question } from './types';

/** choosing: Run waits for a choice; waiting: the run goes on until the evidence exists; revealed. */
type Phase = 'choosing' | 'running' | 'waiting' | 'revealed';

/**
 * Predict, then run: the learner commits to an answer, presses Run (a fixed number of
 * training steps, or play), and sees the explanation only once the run has produced the
 * question's evidence (evidenceStatus), next to what they said and what was measured.
 */
export function QuestionCard({ question, disabled, onRevealed }: { question: Question; disabled: boolean; onRevealed: () => void }) {
  const engine = useEngine();
  const ready = useLab((s) => s.ready);
  const step = useLab((s) => s.snapshot?.step ?? 0);
  const history = useLab((s) => s.history);
  useLab((s) => s.historyVersion); // re-read the (mutated) history when it grows
  const [choice, setChoice] = useState<number | null>(null);
  const [phase, setPhase] = useState<Phase>('choosing');
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const run = question.run ?? 'play';
  const evidence = useMemo(() => resolveEvidence(question.evidence), [question.evidence]);
  const status = evidenceStatus(evidence, { step, history });

  useEffect(() => {
    if (phase === 'waiting' && status.met) {
      setPhase('revealed');
      onRevealed();
    }
  }, [phase, status.met, onRevealed]);

  const onRun = async () => {
    setError(null);
    if (run === 'play') {
      engine.play();
      setPhase('waiting');
      return;
    }
    setPhase('running');
    try {
      await engine.step(run.steps);
      setPhase('waiting');
    } catch (e) {
      setPhase(choice === null ? 'choosing' : 'waiting');
      setError((e as Error).message);
    }
  };
  const right = choice === question.answer;
  const runLabel = run === 'play' ? '▶ Run (play)' : `▶ Run ${run.steps} steps`;
  // A fixed-steps run that ended without the evidence: offer more steps, and say what is missing.
  const stalled = phase === 'waiting' && run !== 'play' && !status.met;
  const measured = status.measured.filter((m) => m.point);
  return (
    <section className="learn-question" aria-labelledby={`${name}-title`} data-testid="question" data-phase={phase}>
      <h4 id={`${name}-title`}>Predict, then run</h4>
      <fieldset disabled={phase !== 'choosing'}>
        <legend>
          <InlineText text={question.prompt} />
        </legend>
        {question.choices.map((c, i) => (
          <label key={i} className={`learn-choice${phase === 'revealed' && i === question.answer ? ' right' : ''}`}>
            <input type="radio" name={name} value={i} checked={choice === i} onChange={() => setChoice(i)} />
            <span>
              <InlineText text={c} />
            </span>
          </label>
        ))}
      </fieldset>
      <div className="learn-question-actions">
        {!stalled && (
          <button
            type="button"
            className="primary"
            onClick={() => void onRun()}
            disabled={choice === null || phase !== 'choosing' || !ready || disabled}
            data-testid="question-run"
          >
            {phase === 'running' ? 'Running…' : runLabel}
          </button>
        )}
        {stalled && (
          <button type="button" className="primary" onClick={() => void onRun()} disabled={!ready || disabled} data-testid="question-run-more">
            ▶ Run {run.steps} more steps
          </button>
        )}
        {choice === null && phase === 'choosing' && <span className="hint">Pick an answer first: Run starts once you have committed.</span>}
      </div>
      {error && (
        <p className="learn-error" role="alert">
          The run failed: {error}
        </p>
      )}
      <div aria-live="polite">
        {(phase === 'waiting' || phase === 'running') && (
          <p className="hint" data-testid="evidence-wait">
            The explanation shows once the run has the evidence: {describeEvidence(evidence)} (now at step {status.step.toLocaleString('en')}
            {measured.map((m) => `, ${m.series} ${formatMeasured(m.point!.value)}`).join('')}).
          </p>
        )}
        {phase === 'revealed' && (
          <div className="learn-explanation" data-testid="explanation">
            <p className={right ? 'learn-verdict right' : 'learn-verdict'}>
              {right ? '✓ Your prediction was right.' : '✗ Not quite — the answer is: '}
              {!right && <InlineText text={question.choices[question.answer]} />}
            </p>
            <p className="learn-measured" data-testid="prediction-vs-measured">
              You said: <InlineText text={choice === null ? '—' : question.choices[choice]} />. Measured on this run at step {status.step.toLocaleString('en')}
              {measured.length ? ': ' + measured.map((m) => `${m.series} = ${formatMeasured(m.point!.value)}`).join(', ') : ''}.
            </p>
            <Prose text={question.explanation} />
          </div>
        )}
      </div>
    </section>
  );
}
