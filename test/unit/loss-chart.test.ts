import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/client/engine-client';
import { EngineContext } from '../../src/client/engine-context';
import { LOSS_CHART_WORDS, LossChart } from '../../src/panels/loss-chart';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { useLab } from '../../src/state/store';

// The loss chart says what its lines are: on images the loss per image and the test digits'; on
// the clicks task the loss per user, and its held-out line is the validation users' fold-in
// clicks (what the clicks task's "test/loss" series measures), not the test users'.

function chart(patch: Partial<Settings>): string {
  // renderToString reads the store's initial state object (its server snapshot): patch it, then put it back.
  const initial = useLab.getInitialState();
  const saved = { ...initial };
  const history = { 'train/loss': [{ step: 10, value: 500 }], 'test/loss': [{ step: 10, value: 520 }] };
  const engine = new Proxy({}, { get: () => () => undefined }) as unknown as EngineClient;
  try {
    Object.assign(initial, { settings: { ...defaultSettings(), ...patch }, history, historyVersion: 1 });
    return renderToString(createElement(EngineContext.Provider, { value: engine }, createElement(LossChart))).replace(/<!-- -->/g, '');
  } finally {
    Object.assign(initial, saved);
  }
}

describe('the loss chart’s words', () => {
  it('on images: loss per image, a test line', () => {
    const html = chart({ model: 'autoencoder' });
    expect(html).toContain(LOSS_CHART_WORDS.images.title);
    expect(html).toMatch(/· test <strong data-testid="test-loss">520\.000</);
  });

  it('on the clicks task: loss per user, and the held-out line is named validation', () => {
    const html = chart({ model: 'mult-vae', dataset: 'movielens-latest-small', task: 'clicks' });
    expect(html).toContain(LOSS_CHART_WORDS.clicks.title);
    expect(html).not.toContain(LOSS_CHART_WORDS.images.title);
    expect(html).toMatch(/· validation <strong data-testid="test-loss">520\.000</);
  });
});
