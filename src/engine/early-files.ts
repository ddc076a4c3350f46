import type { FetchBytes } from '../data/mnist-source';

/**
 * Files the worker needs before the session asks for them: the startup's MNIST subset. The page
 * fetches them while the worker's own script is still loading (`expect`, then `deliver`: the bytes
 * are transferred, not copied), or the worker fetches them as soon as it starts (`fetchNow`).
 * Each file is handed to the session once; one that could not be fetched early is fetched again
 * when asked, so its error, if any, is the session's own.
 */
export class EarlyFiles {
  /** Each early file's bytes, until the session takes them. */
  private readonly files = new Map<string, Promise<Uint8Array>>();
  /** The page's deliveries still to come (the session may already be waiting on them). */
  private readonly settle = new Map<string, (bytes: Uint8Array | null) => void>();

  constructor(private readonly fetchBytes: FetchBytes) {}

  /** The page fetches these and will deliver each (its bytes, or null when its fetch failed). */
  expect(urls: readonly string[]): void {
    for (const url of urls) {
      const bytes = new Promise<Uint8Array | null>((resolve) => this.settle.set(url, resolve)).then((b) => b ?? this.fetchBytes(url, () => undefined));
      bytes.catch(() => undefined); // its error, if any, surfaces when the session asks
      this.files.set(url, bytes);
    }
  }

  /** The page's bytes for an expected file; null: the page's fetch failed, so the worker fetches it. */
  deliver(url: string, bytes: Uint8Array | null): void {
    this.settle.get(url)?.(bytes);
    this.settle.delete(url);
  }

  /** Starts fetching these now, in the worker. */
  fetchNow(urls: readonly string[]): void {
    for (const url of urls) {
      const bytes = this.fetchBytes(url, () => undefined);
      bytes.catch(() => undefined);
      this.files.set(url, bytes);
    }
  }

  /** The session's fetch: an early file once (one that failed is fetched again), any other now. */
  readonly fetch: FetchBytes = (url, onProgress, signal) => {
    const early = this.files.get(url);
    if (!early) return this.fetchBytes(url, onProgress, signal);
    this.files.delete(url);
    return early.then(
      (bytes) => (onProgress(1), bytes),
      () => this.fetchBytes(url, onProgress, signal),
    );
  };
}
