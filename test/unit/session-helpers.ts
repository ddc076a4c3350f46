import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { Session, type SessionDeps } from '../../src/engine/session';
import type { FromWorker } from '../../src/engine/protocol';
import { defaultSettings, type Settings } from '../../src/settings/schema';

/**
 * A Session driven as the worker drives it, with files read from public/datasets. `onFetch` sees
 * each file asked for; `chooseBackend` replaces the one that answers with the test backend at once.
 */
export function createTestSession(options: { slowFullData?: boolean; onFetch?: (url: string) => void; chooseBackend?: SessionDeps['chooseBackend'] } = {}) {
  const messages: FromWorker[] = [];
  let nextId = 1;
  const session = new Session({
    post: (m) => messages.push(m),
    fetchBytes: async (url, onProgress, signal) => {
      options.onFetch?.(url);
      if (options.slowFullData && url.includes('mnist-train')) {
        // Never arrives: only a cancel ends it.
        await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      const bytes = new Uint8Array(readFileSync(new URL(`../../public/datasets/${url.split('/').pop()}`, import.meta.url)));
      onProgress(1);
      return bytes;
    },
    chooseBackend: options.chooseBackend ?? (async () => ({ name: tf.getBackend(), adapter: 'node' })),
  });
  const request = async (msg: { type: 'step'; n: number } | { type: 'evaluate' } | { type: 'export' }) => {
    const id = nextId++;
    await session.handle({ ...msg, id } as never);
    const reply = messages.find((m) => m.type === 'reply' && m.id === id);
    if (!reply || reply.type !== 'reply') throw new Error('no reply');
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as never;
  };
  return {
    session,
    messages,
    init: (patch: Partial<Settings> = {}, play = false) => session.handle({ type: 'init', settings: { ...defaultSettings(), ...patch }, datasetsUrl: '', play }),
    set: (s: Settings) => session.handle({ type: 'settings', id: nextId++, settings: s }),
    cancel: () => session.handle({ type: 'cancel' }),
    step: (n: number) => request({ type: 'step', n }) as Promise<{ step: number }>,
    evaluate: () => request({ type: 'evaluate' }) as Promise<Record<string, number>>,
    exportWeights: () => request({ type: 'export' }) as Promise<{ name: string; shape: number[]; values: Float32Array }[]>,
    last: <T extends FromWorker['type']>(type: T) => messages.filter((m) => m.type === type).at(-1) as Extract<FromWorker, { type: T }> | undefined,
  };
}
