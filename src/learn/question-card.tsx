import { useId, useState } from 'react';
import { useEngine } from '../client/engine-context';
import { useLab } from '../state/store';
import { InlineText, Prose } from './prose';
import type { Question } from './types';

type Phase = 'choosing' | 'running' | 'revealed';

/**
 * Predict, then run: the learner commits to an answer, presses Run (a fixed number of
 * training steps, or play), and only then sees the explanation.
 */
export function QuestionCard({ question, disabled, onRevealed }: { question: Question; disabled: boolean; onRevealed: () => void }) {
  const engine = useEngine();
  const ready = useLab((s) => s.ready);
  const [choice, setChoice] = useState<number | null>(null);
  const [phase, setPhase] = useState<Phase>('choosing');
  const [error, setError] = useState<string | null>(null);
  const name = useId();
  const run = question.run ?? 'play';

  const reveal = () => {
    setPhase('revealed');
    onRevealed();
  };
  const onRun = async () => {
    setError(null);
    if (run === 'play') {
      engine.play();
      reveal();
      return;
    }
    setPhase('running');
    try {
      await engine.step(run.steps);
      reveal();
    } catch (e) {
      setPhase('choosing');
      setError((e as Error).message);
    }
  };
  const right = choice === question.answer;
  const runLabel = run === 'play' ? '▶ Run (play)' : `▶ Run ${run.steps} steps`;
  return (
    <section className="learn-question" aria-labelledby={`${name}-title`} data-testid="question">
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
        <button type="button" className="primary" onClick={() => void onRun()} disabled={choice === null || phase !== 'choosing' || !ready || disabled} data-testid="question-run">
          {phase === 'running' ? 'Running…' : runLabel}
        </button>
        {choice === null && phase === 'choosing' && <span className="hint">Pick an answer first.</span>}
      </div>
      {error && (
        <p className="learn-error" role="alert">
          The run failed: {error}
        </p>
      )}
      <div aria-live="polite">
        {phase === 'revealed' && (
          <div className="learn-explanation" data-testid="explanation">
            <p className={right ? 'learn-verdict right' : 'learn-verdict'}>
              {right ? '✓ Your prediction was right.' : '✗ Not quite — the answer is: '}
              {!right && <InlineText text={question.choices[question.answer]} />}
            </p>
            <Prose text={question.explanation} />
          </div>
        )}
      </div>
    </section>
  );
}
