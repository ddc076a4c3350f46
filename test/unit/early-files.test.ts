import { describe, expect, it } from 'vitest';
import { EarlyFiles } from '../../src/engine/early-files';

// The startup's MNIST files: the page fetches them while the worker's script loads and hands them
// over (client/engine-client.ts); the worker's session takes each once, and fetches what the page
// could not.

function setup() {
  const fetched: string[] = [];
  const early = new EarlyFiles(async (url) => {
    fetched.push(url);
    return new Uint8Array([9, 9]);
  });
  return { early, fetched };
}

describe('early files', () => {
  it('hands the session the page’s bytes, delivered before or after it asks, without a fetch of its own', async () => {
    const { early, fetched } = setup();
    early.expect(['a', 'b']);
    early.deliver('a', new Uint8Array([1]));
    const progress: number[] = [];
    const b = early.fetch('b', (f) => progress.push(f));
    early.deliver('b', new Uint8Array([2, 3]));
    expect(Array.from(await early.fetch('a', () => undefined))).toEqual([1]);
    expect(Array.from(await b)).toEqual([2, 3]);
    expect(progress).toEqual([1]);
    expect(fetched).toEqual([]);
  });

  it('fetches a file the page could not, and each early file only once', async () => {
    const { early, fetched } = setup();
    early.expect(['a']);
    const a = early.fetch('a', () => undefined);
    early.deliver('a', null);
    expect(Array.from(await a)).toEqual([9, 9]);
    expect(fetched).toEqual(['a']);
    await early.fetch('a', () => undefined); // asked again (the data reloaded): fetched again
    await early.fetch('c', () => undefined); // never early: fetched now
    expect(fetched).toEqual(['a', 'a', 'c']);
  });

  it('fetches at once what the worker starts early itself, and hands it over once', async () => {
    const { early, fetched } = setup();
    early.fetchNow(['a']);
    expect(fetched).toEqual(['a']);
    await early.fetch('a', () => undefined);
    expect(fetched).toEqual(['a']);
  });
});
