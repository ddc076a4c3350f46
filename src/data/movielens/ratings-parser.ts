import { assertText, decodeLatin1 } from './sniff';
import type { ProgressCallback, Ratings, RatingsFormat } from './types';

export const RATINGS_CSV_HEADER = 'userId,movieId,rating,timestamp';
const NL = 10;
const CR = 13;
const COLON = 58;

/** Whole unsigned decimal integer in buf[s, e), or NaN. */
function parseUint(buf: Uint8Array, s: number, e: number): number {
  if (s >= e || e - s > 10) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v <= 0x7fffffff ? v : NaN;
}

/** Decimal like "4", "3.5" or "4.0" in buf[s, e), or NaN. */
function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let v = 0;
  let scale = 0;
  let digits = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === 46 && scale === 0) scale = 1;
    else if (c >= 48 && c <= 57) {
      digits++;
      if (scale) v += (c - 48) * (scale /= 10);
      else v = v * 10 + (c - 48);
    } else return NaN;
  }
  return digits ? v : NaN;
}

/**
 * Parses a ratings file pushed in byte chunks of any size (lines may straddle chunks),
 * so a huge file can be read from a stream without holding its text.
 * Columns: user, item, rating, timestamp — tab (u.data), "::" (ratings.dat) or CSV with header.
 */
export class RatingsParser {
  private user: Int32Array;
  private item: Int32Array;
  private rating: Float32Array;
  private n = 0;
  private carry: Uint8Array | null = null;
  private line = 0;
  private headerSeen = false;
  private readonly bounds = new Int32Array(10);

  constructor(
    readonly format: RatingsFormat,
    readonly fileName: string,
    expectedRows = 1 << 16,
  ) {
    const cap = Math.max(16, expectedRows);
    this.user = new Int32Array(cap);
    this.item = new Int32Array(cap);
    this.rating = new Float32Array(cap);
  }

  get rows(): number {
    return this.n;
  }

  push(chunk: Uint8Array): void {
    if (!chunk.length) return;
    if (this.line === 0 && !this.carry) assertText(chunk.subarray(0, 4096), this.fileName);
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf(NL);
      const head = chunk.subarray(0, nl < 0 ? chunk.length : nl);
      const joined = new Uint8Array(this.carry.length + head.length);
      joined.set(this.carry);
      joined.set(head, this.carry.length);
      if (nl < 0) {
        this.carry = joined;
        return;
      }
      this.carry = null;
      this.parseLine(joined, 0, joined.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.parseLine(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
  }

  /** Parses a last line without a newline and returns the ratings, trimmed to size. */
  finish(): Ratings {
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.parseLine(c, 0, c.length);
    }
    if (this.format === 'csv' && !this.headerSeen) {
      throw new Error(`${this.fileName} is empty: expected the header "${RATINGS_CSV_HEADER}".`);
    }
    const n = this.n;
    return { length: n, user: this.user.slice(0, n), item: this.item.slice(0, n), rating: this.rating.slice(0, n) };
  }

  private fail(problem: string, buf: Uint8Array, s: number, e: number): never {
    const text = decodeLatin1(buf.subarray(s, Math.min(e, s + 80))) + (e - s > 80 ? '…' : '');
    throw new Error(`${this.fileName} line ${this.line}: ${problem}: "${text}"`);
  }

  private parseLine(buf: Uint8Array, s: number, e: number): void {
    this.line++;
    if (e > s && buf[e - 1] === CR) e--;
    if (this.line === 1 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (this.format === 'csv' && !this.headerSeen) {
      const text = decodeLatin1(buf.subarray(s, e));
      if (text !== RATINGS_CSV_HEADER) this.fail(`expected the header "${RATINGS_CSV_HEADER}"`, buf, s, e);
      this.headerSeen = true;
      return;
    }
    if (s === e) return; // a blank line (e.g. at the end) carries no rating
    const count = this.splitFields(buf, s, e);
    if (count !== 4) this.fail(`expected 4 columns (user, item, rating, timestamp), found ${count}`, buf, s, e);
    const b = this.bounds;
    const user = parseUint(buf, b[0], b[1]);
    if (Number.isNaN(user)) this.fail('the user id is not a whole number', buf, s, e);
    const item = parseUint(buf, b[2], b[3]);
    if (Number.isNaN(item)) this.fail('the item id is not a whole number', buf, s, e);
    const rating = parseDecimal(buf, b[4], b[5]);
    if (Number.isNaN(rating)) this.fail('the rating is not a number', buf, s, e);
    if (Number.isNaN(parseUint(buf, b[6], b[7]))) this.fail('the timestamp is not a whole number', buf, s, e);
    if (this.n === this.user.length) this.grow();
    this.user[this.n] = user;
    this.item[this.n] = item;
    this.rating[this.n] = rating;
    this.n++;
  }

  /** Fills this.bounds with [start, end) of up to 5 fields; returns the column count. */
  private splitFields(buf: Uint8Array, s: number, e: number): number {
    const b = this.bounds;
    const dat = this.format === 'dat';
    const sep = this.format === 'tab' ? 9 : this.format === 'csv' ? 44 : COLON;
    let count = 0;
    let fieldStart = s;
    for (let i = s; i < e; i++) {
      if (buf[i] !== sep || (dat && buf[i + 1] !== COLON)) continue;
      if (count < 5) {
        b[2 * count] = fieldStart;
        b[2 * count + 1] = i;
      }
      count++;
      if (dat) i++;
      fieldStart = i + 1;
    }
    if (count < 5) {
      b[2 * count] = fieldStart;
      b[2 * count + 1] = e;
    }
    return count + 1;
  }

  private grow(): void {
    const cap = this.user.length * 2;
    const u = new Int32Array(cap);
    u.set(this.user);
    const it = new Int32Array(cap);
    it.set(this.item);
    const r = new Float32Array(cap);
    r.set(this.rating);
    this.user = u;
    this.item = it;
    this.rating = r;
  }
}

/** Parses a whole ratings file at once. */
export function parseRatings(bytes: Uint8Array, format: RatingsFormat, fileName: string): Ratings {
  const p = new RatingsParser(format, fileName, Math.ceil(bytes.length / 18));
  p.push(bytes);
  return p.finish();
}

export interface ChunkedOptions {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /** Bytes parsed between progress reports and yields to the event loop. */
  chunkBytes?: number;
}

/** Lets a worker's message queue (progress, cancel) run between chunks. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Parses in chunks, reporting progress and yielding between them so a worker stays responsive. */
export async function parseRatingsChunked(
  bytes: Uint8Array,
  format: RatingsFormat,
  fileName: string,
  { onProgress, signal, chunkBytes = 4 << 20 }: ChunkedOptions = {},
): Promise<Ratings> {
  const p = new RatingsParser(format, fileName, Math.ceil(bytes.length / 18));
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    signal?.throwIfAborted();
    p.push(bytes.subarray(at, at + chunkBytes));
    onProgress?.(Math.min(1, (at + chunkBytes) / bytes.length));
    await yieldToEventLoop();
  }
  const out = p.finish();
  onProgress?.(1);
  return out;
}
