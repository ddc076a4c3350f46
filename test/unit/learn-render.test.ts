import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import { StepView } from '../../src/learn/step-view';
import type { Chapter } from '../../src/learn/types';

// Server-side renders of one step (effects do not run, so no preset is applied here):
// what a learner sees first.

const calls: string[] = [];
const engine = new Proxy({}, { get: (_, name) => () => void calls.push(String(name)) }) as unknown as EngineClient;

const render = (chapter: Chapter, index = 0) => renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(StepView, { chapter, index })));

const question = { prompt: 'Which?', choices: ['this', 'that'], answer: 1, explanation: 'Because $x$ says so.', run: { steps: 10 }, evidence: { steps: 10 } };

describe('a step, as first rendered', () => {
  it('poses a step’s question with Run disabled and the explanation hidden, with its formulas', () => {
    const html = render({
      id: 'c',
      title: 'C',
      summary: '',
      steps: [{ title: 'PCA', prose: 'The linear autoencoder $\\hat{x} = x W W^\\top$.', preset: { model: 'linear', latent: 10 }, panels: ['loss'], question }],
    });
    expect(html).toContain('class="katex"');
    expect(html).toContain('Predict, then run');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="question-run"/);
    expect(html).not.toContain('data-testid="explanation"');
    expect(html).not.toContain('Because');
    expect(html).toContain('data-testid="learn-panels"');
    expect(html).toContain('data-panel="loss"');
  });

  it('renders without touching the engine (presets are applied by an effect, on the client)', () => {
    expect(calls).toEqual([]);
  });
});
