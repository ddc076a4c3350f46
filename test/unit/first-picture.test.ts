import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, ImageReference } from '../../src/engine/protocol';
import { defaultSettings } from '../../src/settings/schema';
import { createTestSession } from './session-helpers';
import { useTestBackend } from './tf-setup';

/*
 * What the first picture does not wait for (README, "Benchmarks": the first picture): the
 * digits are fetched and decoded while the backend starts, and a run that plays at once posts
 * its first train loss without the step-0 test loss, which a paused run still measures.
 */

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
    const t = createTestSession({
      onFetch: (url) => {
        if (!url.includes('images')) return;
        events.push('digits fetched');
        digitsAsked();
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
    await t.init();
    expect(events).toEqual(['backend starting', 'digits fetched', 'backend ready']);
    expect(t.session.metrics()['test/loss']?.[0]?.step).toBe(0); // paused: step 0 measured
  });

  it('playing at once: the first train loss goes out alone, the test loss comes with a later snapshot; paused: at step 0', async () => {
    const t = createTestSession();
    const settings = { ...defaultSettings(), latent: 8 };
    await t.init(settings, true);
    await until('a snapshot with a test loss', () => snapshots(t.messages).some((s) => s.increments['test/loss']));
    await t.session.handle({ type: 'pause' });
    const all = snapshots(t.messages);
    const firstLoss = all.findIndex((s) => s.increments['train/loss']);
    const firstTest = all.findIndex((s) => s.increments['test/loss']);
    expect(firstLoss).toBeGreaterThan(0); // after the run's first (pre-training) snapshot
    // Nothing before or with the first train loss carried a test loss; it came later, after training.
    expect(firstTest).toBeGreaterThan(firstLoss);
    expect(all[firstTest].increments['test/loss']?.[0].step).toBeGreaterThan(0);
    expect(Number.isFinite(all[firstTest].increments['test/loss']?.[0].value)).toBe(true);
    // Nor the mean-image baselines (two passes over the digits): the quick reference leaves them
    // out, and the complete one, after the first train loss, carries them.
    const at = (m: FromWorker) => t.messages.indexOf(m);
    const references = t.messages.filter((m) => m.type === 'reference');
    const firstLossMessage = t.messages.find((m) => m.type === 'snapshot' && m.snapshot.increments['train/loss'])!;
    expect((references[0].reference as ImageReference).meanImageBaseline).toBeNull();
    expect(at(references[0])).toBeLessThan(at(firstLossMessage));
    const complete = references.at(-1)!;
    expect(at(complete)).toBeGreaterThan(at(firstLossMessage));
    expect((complete.reference as ImageReference).meanImageBaseline?.bernoulli).toBeGreaterThan(50); // nats per digit

    // The same run from a paused start measures the test loss before the first step.
    t.messages.length = 0;
    await t.set({ ...settings, seed: 2 });
    expect(snapshots(t.messages)[0].increments['test/loss']?.[0].step).toBe(0);
  });
});
