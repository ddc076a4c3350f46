// A Session driven as the worker drives it, serving MovieLens releases from memory, and a
// synthetic ml-100k-format release: shared by the clicks and the ratings task tests.
import * as tf from '@tensorflow/tfjs';
import type { FromWorker } from '../../src/engine/protocol';
import { Session } from '../../src/engine/session';
import { createRng } from '../../src/math/rng';
import { defaultSettings, type Settings } from '../../src/settings/schema';

/** A ml-100k-format release: 300 users who each like one of two halves of 60 movies. */
export function syntheticRelease(users = 300, items = 60): Record<string, Uint8Array> {
  const rng = createRng(11);
  const lines: string[] = [];
  for (let u = 1; u <= users; u++) {
    for (let i = 1; i <= items; i++) {
      const liked = i <= items / 2 === (u % 2 === 0);
      // Mostly rated 5 (a click) inside the taste; outside it sometimes 2 (not a click), rarely 4.
      const r = rng();
      const rating = liked ? (r < 0.75 ? 5 : 0) : r < 0.03 ? 4 : r < 0.15 ? 2 : 0;
      if (rating) lines.push(`${u}\t${i}\t${rating}\t${880000000 + u * 100 + i}`);
    }
  }
  const flags = (i: number) => Array.from({ length: 19 }, (_, g) => (g === (i % 18) + 1 ? '1' : '0')).join('|');
  const movies = Array.from({ length: items }, (_, k) => `${k + 1}|Movie ${k + 1} (19${50 + k})|01-Jan-19${50 + k}||http://x|${flags(k)}`);
  const text = (s: string[]) => new TextEncoder().encode(s.join('\n') + '\n');
  return { 'u.data': text(lines), 'u.item': text(movies) };
}

/** A release's file by folder and name (undefined: not there), e.g. read from MOVIELENS_DIR. */
export type ReleaseFiles = Record<string, Record<string, Uint8Array>> | ((release: string, name: string) => Uint8Array | undefined);

/** A Session driven as the worker drives it, serving MovieLens files from memory (or a reader). */
export function recsysSession(files: ReleaseFiles, deps: Partial<ConstructorParameters<typeof Session>[0]> = {}) {
  const messages: FromWorker[] = [];
  let nextId = 1;
  const session = new Session({
    ...deps,
    post: (m) => messages.push(m),
    fetchBytes: async (url, onProgress) => {
      const [release, name] = url.split('/').slice(-2);
      const bytes = typeof files === 'function' ? files(release, name) : files[release]?.[name];
      if (!bytes) throw new Error(`Could not load ${url}: HTTP 404.`);
      onProgress(1);
      return bytes;
    },
    chooseBackend: async () => ({ name: tf.getBackend(), adapter: 'node' }),
  });
  const request = async <T>(msg: Record<string, unknown>): Promise<T> => {
    const id = nextId++;
    await session.handle({ ...msg, id } as never);
    const reply = messages.find((m) => m.type === 'reply' && m.id === id);
    if (!reply || reply.type !== 'reply') throw new Error('no reply');
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as T;
  };
  const last = <K extends FromWorker['type']>(type: K) => messages.filter((m) => m.type === type).at(-1) as Extract<FromWorker, { type: K }> | undefined;
  /** The run's history, rebuilt from every snapshot's increments (one snapshot may carry only some series). */
  const history = () => {
    const into: Record<string, { step: number; value: number }[]> = {};
    for (const m of messages) if (m.type === 'snapshot') for (const [k, pts] of Object.entries(m.snapshot.increments)) (into[k] ??= []).push(...(pts ?? []));
    return into;
  };
  return {
    messages,
    last,
    history,
    init: (patch: Partial<Settings>) => session.handle({ type: 'init', settings: { ...defaultSettings(), ...patch }, datasetsUrl: 'datasets/' }),
    set: (s: Settings) => request<void>({ type: 'settings', settings: s }).catch((e: Error) => e),
    step: (n: number) => request<{ step: number }>({ type: 'step', n }),
    evaluate: () => request<Record<string, number>>({ type: 'evaluate' }),
    query: <T>(name: string, args: unknown = {}) => request<T>({ type: 'query', name, args }),
    cancel: () => session.handle({ type: 'cancel' }),
    drop: (name: string, bytes: Uint8Array) => request<{ description: string; dataset?: string }>({ type: 'drop', files: [{ name, bytes }] }),
  };
}
