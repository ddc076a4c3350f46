import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPca } from '../../src/math/pca';
import { DEFAULT_TABLE_OPTIONS, parseDelimited, parseTable, scaleTable, tableDataset } from '../../src/data/own-table';
import { useTestBackend } from './tf-setup';

const fixture = readFileSync(new URL('../fixtures/own-table.csv', import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

/** Brute force: the covariance in float64 by its definition, and its eigenpairs by power iteration with deflation. */
function bruteForcePca(x: Float32Array, n: number, d: number): { values: number[]; vectors: number[][] } {
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j];
    return s / n;
  });
  // Σ_jk = (1/n) Σ_i (x_ij − μ_j)(x_ik − μ_k)
  const cov = Array.from({ length: d }, (_, j) =>
    Array.from({ length: d }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * d + j] - mean[j]) * (x[i * d + k] - mean[k]);
      return s / n;
    }),
  );
  const values: number[] = [];
  const vectors: number[][] = [];
  for (let r = 0; r < d; r++) {
    let v = Array.from({ length: d }, (_, i) => 1 + i * 0.37);
    let lambda = 0;
    for (let it = 0; it < 5000; it++) {
      const w = cov.map((row) => row.reduce((a, c, k) => a + c * v[k], 0));
      lambda = Math.hypot(...w);
      v = w.map((e) => e / (lambda || 1));
    }
    values.push(lambda);
    vectors.push(v);
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) cov[j][k] -= lambda * v[j] * v[k];
  }
  return { values, vectors };
}

describe('own tables: parsing and validation', () => {
  it('reads the fixture: numeric columns in, the text column is the label', () => {
    const t = parseTable(fixture.toString('utf8'), 'own-table.csv', DEFAULT_TABLE_OPTIONS);
    expect(t.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(t.rows).toBe(60);
    expect(t.labelColumn).toBe('species');
    expect(t.labelNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([...t.labels!.subarray(0, 6)]).toEqual([0, 1, 2, 0, 1, 2]);
    expect(t.values[0]).toBeCloseTo(4.898, 6);
  });

  it('quotes, TSV and a numeric label column chosen by name', () => {
    expect(parseDelimited('a,"b, c","say ""hi"""\r\n1,2,3', ',')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
    const tsv = ['x\ty\tz\tk', ...Array.from({ length: 12 }, (_, i) => `${i}\t${i * 2}\t${i % 3}\t${i % 2}`)].join('\n');
    const t = parseTable(tsv, 't.tsv', { ...DEFAULT_TABLE_OPTIONS, label: 'k' });
    expect(t.columns).toEqual(['x', 'y', 'z']);
    expect(t.labelNames).toEqual(['0', '1']);
  });

  it('text in a numeric column is refused by row and column', () => {
    const csv = ['a,b,c', ...Array.from({ length: 12 }, (_, i) => `${i},${i === 4 ? 'oops' : i * 2},${i === 9 ? 'n/a!' : 1}`)].join('\n');
    expect(() => parseTable(csv, 'bad.csv', DEFAULT_TABLE_OPTIONS)).toThrow('bad.csv has text in numeric columns: row 5, column "b": "oops"; row 10, column "c": "n/a!".');
  });

  it('missing values: refused with their places, or their rows dropped', () => {
    const csv = ['a,b,c', ...Array.from({ length: 14 }, (_, i) => `${i},${i === 2 ? '' : i * 2},${i === 7 ? 'NA' : i % 4}`)].join('\n');
    expect(() => parseTable(csv, 'gaps.csv', DEFAULT_TABLE_OPTIONS)).toThrow('gaps.csv has 2 missing values: row 3, column "b"; row 8, column "c". Choose "drop rows"');
    const t = parseTable(csv, 'gaps.csv', { ...DEFAULT_TABLE_OPTIONS, missing: 'drop' });
    expect(t.rows).toBe(12);
    expect(t.dropped).toBe(2);
  });

  it('ragged rows, too few numeric columns and non-UTF-8 are refused', () => {
    expect(() => parseTable('a,b\n1,2\n3', 'r.csv', DEFAULT_TABLE_OPTIONS)).toThrow('row 2 has 1 cells but the header names 2 columns');
    expect(() => parseTable('a,name\n1,x\n2,y', 'one.csv', DEFAULT_TABLE_OPTIONS)).toThrow('at least two numeric columns');
    expect(() => tableDataset(new Uint8Array([0x61, 0xff, 0xfe, 0x0a]), 'bin.csv', DEFAULT_TABLE_OPTIONS, 1)).toThrow('not UTF-8');
  });

  it('standardising gives every column one spread, in [0, 1]; min–max fills [0, 1] per column', () => {
    const t = parseTable(fixture.toString('utf8'), 'f.csv', DEFAULT_TABLE_OPTIONS);
    const d = t.columns.length;
    const sd = (v: Float32Array, c: number) => {
      const col = Array.from({ length: t.rows }, (_, r) => v[r * d + c]);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      return Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
    };
    const z = scaleTable(t, 'standardise');
    const s0 = sd(z, 0);
    for (let c = 1; c < d; c++) expect(sd(z, c) / s0).toBeCloseTo(1, 5);
    expect(Math.min(...z)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...z)).toBeLessThanOrEqual(1);
    const m = scaleTable(t, 'minmax');
    for (let c = 0; c < d; c++) {
      const col = Array.from({ length: t.rows }, (_, r) => m[r * d + c]);
      expect(Math.min(...col)).toBeCloseTo(0, 6);
      expect(Math.max(...col)).toBeCloseTo(1, 6);
    }
  });
});

describe('own tables: the PCA reference', () => {
  beforeAll(useTestBackend);

  it("the lab's PCA of the fixture agrees with a brute-force eigendecomposition", async () => {
    const ds = tableDataset(bytes(fixture.toString('utf8')), 'own-table.csv', DEFAULT_TABLE_OPTIONS, 1);
    expect(ds.dim).toBe(4);
    expect(ds.train.n + ds.test.n).toBe(60);
    expect(ds.table?.columns).toHaveLength(4);
    const { images, n } = ds.train;
    const lab = await fitPca(images, n, ds.dim);
    const brute = bruteForcePca(images, n, ds.dim);
    // The fixture's spectrum is spread out (one big factor), so each eigenvector is well defined.
    expect(brute.values[0] / brute.values[1]).toBeGreaterThan(2);
    for (let r = 0; r < ds.dim; r++) {
      expect(lab.eigenvalues[r]).toBeCloseTo(brute.values[r], 5);
      if (r < 3) {
        const dot = brute.vectors[r].reduce((a, v, i) => a + v * lab.components[r * ds.dim + i], 0);
        expect(Math.abs(dot)).toBeGreaterThan(0.9999);
      }
    }
  });
});
