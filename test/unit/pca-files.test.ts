import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * npm run data remakes the PCA files when one the lab expects (PCA_FILE_SEEDS at PCA_FILE_VERSION,
 * src/data/pca-file.ts) is missing or stale: scripts/pca-files.mjs, run in plain Node as the script is.
 */
const script = resolve('scripts/pca-files.mjs');
const realSource = readFileSync(resolve('src/data/pca-file.ts'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'pca-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A safetensors file with no tensors: the 8-byte little-endian header length, then the JSON header. */
function writeHeaderOnly(path: string, version: string): void {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'autoencoder-lab-pca', version } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  writeFileSync(path, Buffer.concat([length, header]));
}

function fresh(source: string, files: Record<number, string>): boolean {
  const root = mkdtempSync(join(work, 'root-'));
  mkdirSync(join(root, 'src', 'data'), { recursive: true });
  writeFileSync(join(root, 'src', 'data', 'pca-file.ts'), source);
  const dir = join(root, 'datasets');
  mkdirSync(dir);
  for (const [seed, version] of Object.entries(files)) writeHeaderOnly(join(dir, `mnist-10k-seed${seed}-pca.safetensors`), version);
  const code = `import { pcaFilesFresh } from ${JSON.stringify(script)}; console.log(pcaFilesFresh(${JSON.stringify(root)}, ${JSON.stringify(dir)}));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).trim() === 'true';
}

describe('the PCA files npm run data keeps', () => {
  const version = /PCA_FILE_VERSION = '([^']*)'/.exec(realSource)![1];

  it('are fresh when every expected seed has a file of the current version', () => {
    expect(fresh(realSource, { 1: version })).toBe(true);
  });

  it('are made again when a file is missing, of another version, or a new seed is expected', () => {
    expect(fresh(realSource, {})).toBe(false);
    expect(fresh(realSource, { 1: `${version}-old` })).toBe(false);
    const twoSeeds = realSource.replace(/PCA_FILE_SEEDS: readonly number\[\] = \[[^\]]*\]/, 'PCA_FILE_SEEDS: readonly number[] = [1, 2]');
    expect(twoSeeds).not.toBe(realSource);
    expect(fresh(twoSeeds, { 1: version })).toBe(false);
    expect(fresh(twoSeeds, { 1: version, 2: version })).toBe(true);
  });

  it('are made again when the source no longer declares what to expect', () => {
    expect(fresh('export const SOMETHING_ELSE = 1;', { 1: version })).toBe(false);
  });
});
