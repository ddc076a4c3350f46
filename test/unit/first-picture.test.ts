import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker } from '../../src/engine/protocol';
import { Session } from '../../src/engine/session';
import { defaultSettings } from '../../src/settings/schema';
import { useTestBackend } from './tf-setup';

/*
 * What the first picture does not wait for (README, "Benchmarks": the first picture): the
 * digits are fetched and decoded while the backend starts, and a run that plays at once posts
 * its first train loss without the step-0 test loss, which a paused run still measures.
 */

const readDataset = (url: string) => new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url)));

type Snapshot = Extract<FromWorker, { type: 'snapshot' }>['snapshot'];
const snapshots = (messages: FromWorker[]): Snapshot[] => messages.flatMap((m) => (m.type === 'snapshot' ? [m.snapshot] : []));

async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the first picture', () => {
  beforeAll(useTestBackend);

  it('fetches the digits while the backend is still starting', async () => {
    const events: string[] = [];
    let digitsAsked!: () => void;
    const asked = new Promise<void>((r) => (digitsAsked = r));
    const session = new Session({
      post: () => undefined,
      fetchBytes: async (url, onProgress) => {
        if (url.includes('images')) {
          events.push('digits fetched');
          digitsAsked();
        }
        onProgress(1);
        return readDataset(url);
      },
      // A backend that starts only once the digits were asked for: a session that waited for the
      // backend before fetching would never get there.
      chooseBackend: async () => {
        events.push('backend starting');
        await Promise.race([asked, new Promise((_, reject) => setTimeout(() => reject(new Error('the digits were not fetched while the backend started')), 10_000))]);
        events.push('backend ready');
        return { name: tf.getBackend(), adapter: 'node' };
      },
    });
    await session.handle({ type: 'init', settings: defaultSettings(), datasetsUrl: '' });
    expect(events).toEqual(['backend starting', 'digits fetched', 'backend ready']);
    expect(session.metrics()['test/loss']?.[0]?.step).toBe(0); // paused: step 0 measured
  });

  it('playing at once: the first train loss goes out alone, the test loss comes with a later snapshot; paused: at step 0', async () => {
    const messages: FromWorker[] = [];
    const session = new Session({
      post: (m) => messages.push(m),
      fetchBytes: async (url, onProgress) => (onProgress(1), readDataset(url)),
      chooseBackend: async () => ({ name: tf.getBackend(), adapter: 'node' }),
    });
    const settings = { ...defaultSettings(), latent: 8 };
    await session.handle({ type: 'init', settings, datasetsUrl: '', play: true });
    await until('a snapshot with a test loss', () => snapshots(messages).some((s) => s.increments['test/loss']));
    await session.handle({ type: 'pause' });
    const all = snapshots(messages);
    const firstLoss = all.findIndex((s) => s.increments['train/loss']);
    const firstTest = all.findIndex((s) => s.increments['test/loss']);
    expect(firstLoss).toBeGreaterThan(0); // after the run's first (pre-training) snapshot
    // Nothing before or with the first train loss carried a test loss; it came later, after training.
    expect(firstTest).toBeGreaterThan(firstLoss);
    expect(all[firstTest].increments['test/loss']?.[0].step).toBeGreaterThan(0);
    expect(Number.isFinite(all[firstTest].increments['test/loss']?.[0].value)).toBe(true);

    // The same run from a paused start measures the test loss before the first step.
    messages.length = 0;
    await session.handle({ type: 'settings', id: 2, settings: { ...settings, seed: 2 } });
    const paused = snapshots(messages);
    expect(paused[0].increments['test/loss']?.[0].step).toBe(0);
  });
});
