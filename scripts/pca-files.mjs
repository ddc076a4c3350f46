// Whether public/datasets holds the PCA files the lab expects (prepare-data.mjs decides from it
// whether to run make-pca.mjs). Plain Node: it runs before any build, so it reads the TypeScript
// source for the expected seeds and version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The seeds and version the lab expects of its PCA files, read from src/data/pca-file.ts
 * (PCA_FILE_SEEDS, PCA_FILE_VERSION; this script runs before any build, so it reads the source).
 */
export function expectedPcaFiles(root) {
  const source = readFileSync(join(root, 'src', 'data', 'pca-file.ts'), 'utf8');
  const seeds = /PCA_FILE_SEEDS[^=]*=\s*\[([^\]]*)\]/.exec(source)?.[1];
  const version = /PCA_FILE_VERSION\s*=\s*'([^']*)'/.exec(source)?.[1];
  if (seeds === undefined || version === undefined) return null;
  return {
    seeds: seeds
      .split(',')
      .map((x) => Number(x.trim()))
      .filter(Number.isInteger),
    version,
  };
}

/** The `version` in a safetensors file's metadata (8-byte little-endian header length, then JSON), or null. */
export function pcaFileVersion(path) {
  try {
    const bytes = readFileSync(path);
    const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')).__metadata__?.version ?? null;
  } catch {
    return null;
  }
}

/** True when every expected seed's file (mnist-10k-seed<S>-pca.safetensors) is there at the expected version. */
export function pcaFilesFresh(root, dir) {
  const expected = expectedPcaFiles(root);
  return !!expected && expected.seeds.every((seed) => pcaFileVersion(join(dir, `mnist-10k-seed${seed}-pca.safetensors`)) === expected.version);
}
