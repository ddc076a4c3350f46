import { describe, expect, it } from 'vitest';
import { reopenedHistory } from '../../src/client/reopened-history';
import { historyAsOfNow } from '../../src/client/history-as-of-now';
import { appendAll, appendBounded, MAX_POINTS, type History, type Point } from '../../src/engine/history';

describe('a metric series stays bounded over a long session', () => {
  it('holds between 3/4 and all of MAX_POINTS once full, keeps the first and the last point, in step order', () => {
    const series: Point[] = [];
    let longest = 0;
    for (let step = 1; step <= 100_000; step++) {
      appendBounded(series, { step, value: 1 / step });
      longest = Math.max(longest, series.length);
      if (step > MAX_POINTS) expect(series.length).toBeGreaterThanOrEqual(Math.floor((3 * MAX_POINTS) / 4));
    }
    expect(longest).toBe(MAX_POINTS);
    expect(series[0].step).toBe(1);
    expect(series.at(-1)!.step).toBe(100_000);
    expect(series.every((p, i) => i === 0 || p.step > series[i - 1].step)).toBe(true);
    // The recent past stays sharp: the newest quarter is every step.
    const recent = series.slice(-Math.floor(MAX_POINTS / 4));
    expect(recent.at(-1)!.step - recent[0].step).toBe(recent.length - 1);
  });

  it('keeps one value per step: a point at the last step replaces it (a reopened run measured again at its step)', () => {
    const saved: History = {
      'test/loss': [
        { step: 0, value: 50 },
        { step: 300, value: 21.2 },
      ],
      'train/loss': [{ step: 300, value: 22 }],
    };
    appendAll(saved, { 'test/loss': [{ step: 300, value: 21.1 }] });
    expect(saved['test/loss']).toEqual([
      { step: 0, value: 50 },
      { step: 300, value: 21.1 },
    ]);
    appendAll(saved, { 'test/loss': [{ step: 310, value: 21 }], 'train/loss': [{ step: 310, value: 21.9 }] });
    expect(saved['test/loss'].map((p) => p.step)).toEqual([0, 300, 310]);
    expect(saved['train/loss'].map((p) => p.step)).toEqual([300, 310]);
  });

  it('a reopened run: the saved history, then the points measured on its imported weights, without the fresh model’s', () => {
    const saved: History = {
      'test/loss': [
        { step: 0, value: 90 },
        { step: 2993, value: 30.2 },
      ],
    };
    // The fresh model's step-0 point (an evaluate() queued meanwhile), then the import's at the run's step.
    const current: History = {
      'test/loss': [
        { step: 0, value: 91 },
        { step: 3000, value: 30.1 },
      ],
    };
    expect(reopenedHistory(saved, current, 3000)['test/loss']).toEqual([...saved['test/loss'], { step: 3000, value: 30.1 }]);
    const atSavedStep = reopenedHistory(
      { 'test/loss': [{ step: 60, value: 43.1 }] },
      {
        'test/loss': [
          { step: 0, value: 91 },
          { step: 60, value: 43 },
        ],
      },
      60,
    );
    expect(atSavedStep['test/loss']).toEqual([{ step: 60, value: 43 }]);
  });
});

describe('historyAsOfNow', () => {
  it('keeps the history as it stood while the live one grows and thins, sharing its points', () => {
    const live: History = {};
    for (let step = 1; step <= MAX_POINTS; step++) appendAll(live, { 'train/loss': [{ step, value: 1 / step }] });
    const saved = historyAsOfNow(live);
    const before = live['train/loss'].map((p) => ({ ...p }));
    for (let step = MAX_POINTS + 1; step <= 3 * MAX_POINTS; step++) appendAll(live, { 'train/loss': [{ step, value: 1 / step }] });
    expect(saved['train/loss']).toEqual(before);
    expect(saved['train/loss'][0]).toBe(live['train/loss'][0]);
    expect(live['train/loss'].at(-1)!.step).toBe(3 * MAX_POINTS);
  });
});
