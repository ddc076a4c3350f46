// A table of numbers (CSV or TSV with a header; rows are samples) as a dataset: numeric
// columns become the input, one chosen column the label. Pure, so Node tests it.
import { createRng, permutation, subSeed } from '../math/rng';
import { mb, OwnDataError, type OwnDataset } from './own-images';

export const MAX_TABLE_BYTES = 50 * 1024 * 1024;
export const MAX_TABLE_ROWS = 100_000;
export const MAX_TABLE_COLUMNS = 1024;

/** 'standardise': z-scores, then one common map into [0, 1]; 'minmax': each column onto [0, 1]. */
export type TableScaling = 'standardise' | 'minmax';
/** What to do with an empty (or NA) cell in a numeric column: refuse the table, or drop its row. */
export type MissingPolicy = 'refuse' | 'drop';

export interface TableOptions {
  /** The label column's name; '' picks the first non-numeric column, if any. */
  label: string;
  scaling: TableScaling;
  missing: MissingPolicy;
}

export const DEFAULT_TABLE_OPTIONS: TableOptions = { label: '', scaling: 'standardise', missing: 'refuse' };

/** A file that reads as a table by its name. */
export const isTableName = (name: string): boolean => /\.(csv|tsv|tab|txt)$/i.test(name);

const MISSING = new Set(['', 'na', 'nan', 'n/a', 'null', '?', '-']);

/** Splits text into rows of cells: RFC 4180 quoting ("a, b" and "" inside quotes), the delimiter given. */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      cell = '';
      if (row.length > 1 || row[0].trim() !== '') rows.push(row);
      row = [];
    } else cell += c;
  }
  row.push(cell);
  if (row.length > 1 || row[0].trim() !== '') rows.push(row);
  return rows;
}

/** Tab if the header has tabs, else ';' if it has more of those than commas, else ','. */
export function guessDelimiter(headerLine: string): string {
  if (headerLine.includes('\t')) return '\t';
  const count = (ch: string) => headerLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const asNumber = (s: string): number => {
  const t = s.trim();
  return t === '' ? NaN : Number(t);
};

/** A parsed table: numeric columns (the model's input) and the label column's classes. */
export interface Table {
  columns: string[];
  /** rows × columns, the raw numbers. */
  values: Float64Array;
  rows: number;
  labels: Uint8Array | null;
  labelColumn: string | null;
  labelNames: string[];
  /** Non-numeric columns left out (other than the label). */
  ignored: string[];
  /** Rows dropped for missing values (policy 'drop'). */
  dropped: number;
}

const cellName = (row: number, column: string) => `row ${row}, column "${column}"`;

/**
 * Reads a CSV/TSV: the first row names the columns; a column is numeric when most of its
 * filled cells are numbers. In a numeric column, text is a bad cell (refused, by row and
 * column: rows count from 1 after the header) and an empty or NA cell is missing (refused
 * or its row dropped, as `missing` says).
 */
export function parseTable(text: string, name: string, o: TableOptions): Table {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const grid = parseDelimited(text.replace(/^\uFEFF/, ''), guessDelimiter(firstLine));
  if (grid.length < 2) throw new OwnDataError(`${name} needs a header row and at least one row of numbers.`);
  const header = grid[0].map((h, i) => h.trim() || `column ${i + 1}`);
  if (header.length > MAX_TABLE_COLUMNS) throw new OwnDataError(`${name} has ${header.length} columns; the lab takes at most ${MAX_TABLE_COLUMNS}.`);
  const body = grid.slice(1);
  if (body.length > MAX_TABLE_ROWS) throw new OwnDataError(`${name} has ${body.length.toLocaleString('en')} rows; the lab takes at most ${MAX_TABLE_ROWS.toLocaleString('en')}.`);
  body.forEach((r, i) => {
    if (r.length !== header.length) throw new OwnDataError(`${name}: row ${i + 1} has ${r.length} cells but the header names ${header.length} columns.`);
  });
  const isMissing = (s: string) => MISSING.has(s.trim().toLowerCase());
  const numeric = header.map((_, c) => {
    let numbers = 0;
    let filled = 0;
    for (const r of body) {
      if (isMissing(r[c])) continue;
      filled++;
      if (Number.isFinite(asNumber(r[c]))) numbers++;
    }
    return filled > 0 && numbers * 2 > filled;
  });
  let labelColumn: number | null = null;
  if (o.label) {
    labelColumn = header.indexOf(o.label);
    if (labelColumn < 0) throw new OwnDataError(`${name} has no column "${o.label}"; its columns are ${header.join(', ')}.`);
  } else {
    const text = numeric.indexOf(false);
    labelColumn = text >= 0 ? text : null;
  }
  const used = header.map((_, c) => c).filter((c) => numeric[c] && c !== labelColumn);
  if (used.length < 2) throw new OwnDataError(`${name} needs at least two numeric columns besides the label; it has ${used.length}.`);

  const bad: string[] = [];
  const missing: string[] = [];
  const keep: number[] = [];
  body.forEach((r, i) => {
    let rowMissing = false;
    for (const c of used) {
      if (isMissing(r[c])) {
        rowMissing = true;
        missing.push(cellName(i + 1, header[c]));
      } else if (!Number.isFinite(asNumber(r[c]))) bad.push(`${cellName(i + 1, header[c])}: "${r[c].trim().slice(0, 20)}"`);
    }
    if (labelColumn !== null && isMissing(r[labelColumn])) {
      rowMissing = true;
      missing.push(cellName(i + 1, header[labelColumn]));
    }
    if (!rowMissing) keep.push(i);
  });
  const list = (xs: string[]) => `${xs.slice(0, 5).join('; ')}${xs.length > 5 ? ` and ${xs.length - 5} more` : ''}`;
  if (bad.length) throw new OwnDataError(`${name} has text in numeric columns: ${list(bad)}.`);
  if (missing.length && o.missing === 'refuse')
    throw new OwnDataError(`${name} has ${missing.length} missing value${missing.length === 1 ? '' : 's'}: ${list(missing)}. Choose "drop rows" to leave those rows out.`);
  if (keep.length < 10) throw new OwnDataError(`${name} has ${keep.length} complete rows; the lab needs at least 10.`);

  const values = new Float64Array(keep.length * used.length);
  keep.forEach((src, r) => used.forEach((c, k) => (values[r * used.length + k] = asNumber(body[src][c]))));
  let labels: Uint8Array | null = null;
  let labelNames: string[] = [];
  if (labelColumn !== null) {
    const raw = keep.map((src) => body[src][labelColumn].trim());
    const isNum = numeric[labelColumn];
    labelNames = [...new Set(raw)].sort((a, b) => (isNum ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    if (labelNames.length > 255)
      throw new OwnDataError(`The label column "${header[labelColumn]}" has ${labelNames.length} different values; a label column may have at most 255.`);
    const index = new Map(labelNames.map((l, i) => [l, i]));
    labels = Uint8Array.from(raw, (l) => index.get(l)!);
  }
  return {
    columns: used.map((c) => header[c]),
    values,
    rows: keep.length,
    labels,
    labelColumn: labelColumn === null ? null : header[labelColumn],
    labelNames,
    ignored: header.filter((_, c) => !numeric[c] && c !== labelColumn),
    dropped: body.length - keep.length,
  };
}

/**
 * The model's inputs in [0, 1] (the decoders end in a sigmoid). 'standardise': z = (x − μ)/σ
 * per column, then one common affine map 0.5 + z / (2·max|z|) for all columns, so every
 * column keeps unit variance relative to the others (PCA on the correlation matrix, up to
 * one scale). 'minmax': (x − min)/(max − min) per column.
 */
export function scaleTable(t: Table, scaling: TableScaling): Float32Array {
  const d = t.columns.length;
  const n = t.rows;
  const out = new Float32Array(n * d);
  const stat = Array.from({ length: d }, (_, c) => {
    let mean = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < n; r++) {
      const v = t.values[r * d + c];
      mean += v / n;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    let v2 = 0;
    for (let r = 0; r < n; r++) v2 += (t.values[r * d + c] - mean) ** 2 / n;
    return { mean, sd: Math.sqrt(v2) || 1, min, range: max - min || 1 };
  });
  if (scaling === 'minmax') {
    for (let i = 0; i < n * d; i++) out[i] = (t.values[i] - stat[i % d].min) / stat[i % d].range;
    return out;
  }
  let big = 0;
  for (let i = 0; i < n * d; i++) big = Math.max(big, Math.abs((t.values[i] - stat[i % d].mean) / stat[i % d].sd));
  for (let i = 0; i < n * d; i++) out[i] = 0.5 + (t.values[i] - stat[i % d].mean) / stat[i % d].sd / (2 * (big || 1));
  return out;
}

/** Parses, scales and splits a table (20% for test, at most 2,000) into the lab's dataset: one row of D values per sample. */
export function tableDataset(bytes: Uint8Array, name: string, o: TableOptions, seed: number): OwnDataset {
  if (bytes.length > MAX_TABLE_BYTES) throw new OwnDataError(`${name} is ${mb(bytes.length)}; a table may be at most ${mb(MAX_TABLE_BYTES)}.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new OwnDataError(`${name} is not UTF-8 text: save the table as CSV (UTF-8).`);
  }
  const t = parseTable(text, name, o);
  const scaled = scaleTable(t, o.scaling);
  const d = t.columns.length;
  const nTest = Math.min(2000, Math.max(1, Math.floor(t.rows * 0.2)));
  const nTrain = t.rows - nTest;
  const order = permutation(t.rows, createRng(subSeed(seed, 'split')));
  const part = (rows: Int32Array) => {
    const images = new Float32Array(rows.length * d);
    const labels = t.labels ? new Uint8Array(rows.length) : null;
    rows.forEach((src, r) => {
      images.set(scaled.subarray(src * d, (src + 1) * d), r * d);
      if (labels && t.labels) labels[r] = t.labels[src];
    });
    return { n: rows.length, images, labels };
  };
  const notes = [
    t.labelColumn ? `label "${t.labelColumn}" (${t.labelNames.length} values)` : 'no label column',
    o.scaling === 'standardise' ? 'standardised' : 'min–max scaled',
    t.dropped ? `${t.dropped} row${t.dropped === 1 ? '' : 's'} with missing values dropped` : '',
    t.ignored.length ? `text columns left out: ${t.ignored.join(', ')}` : '',
  ].filter(Boolean);
  return {
    name: 'own-table',
    width: d,
    height: 1,
    channels: 1,
    dim: d,
    train: part(order.subarray(0, nTrain)),
    test: part(order.subarray(nTrain)),
    labelNames: t.labelNames,
    table: { columns: t.columns },
    description: `Your table ${name}: ${t.rows.toLocaleString('en')} rows × ${d} numeric columns (${t.columns.slice(0, 8).join(', ')}${d > 8 ? '…' : ''}); ${notes.join('; ')}; seeded split ${nTrain} train / ${nTest} test`,
  };
}

/** Checks the options a drop carries. */
export function checkTableOptions(o: Partial<TableOptions> | undefined): TableOptions {
  const scaling = o?.scaling ?? 'standardise';
  const missing = o?.missing ?? 'refuse';
  if (scaling !== 'standardise' && scaling !== 'minmax') throw new OwnDataError(`scaling must be "standardise" or "minmax", not "${String(scaling)}".`);
  if (missing !== 'refuse' && missing !== 'drop') throw new OwnDataError(`missing must be "refuse" or "drop", not "${String(missing)}".`);
  return { label: typeof o?.label === 'string' ? o.label : '', scaling, missing };
}
