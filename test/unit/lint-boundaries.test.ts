import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer boundaries in eslint.config.js, shown on deliberate violations linted as if they
// sat in src/ (the files need not exist: lintText takes the path the config matches on). The
// modules they import from src/ don't exist either: the rules go by the import's path, and the
// test stays fast and independent of what the engine's files are called.

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function lint(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  const errors = result.messages.filter((m) => m.severity === 2);
  return { errorCount: result.errorCount, rules: errors.map((m) => m.ruleId), messages: errors.map((m) => m.message) };
}

describe('layer boundaries (eslint.config.js)', () => {
  it('a panel may not import tfjs', async () => {
    const r = await lint('src/panels/fake-panel.tsx', "import * as tf from '@tensorflow/tfjs';\nexport const zeros = () => tf.zeros([1]);\n");
    expect(r.errorCount).toBeGreaterThan(0);
    expect(r.rules).toContain('@typescript-eslint/no-restricted-imports');
    expect(r.messages.join('\n')).toMatch(/main thread/);
  });

  it('a panel takes only types from src/engine and src/models', async () => {
    const runtime = await lint('src/panels/fake-panel.tsx', "import { Session } from '../engine/fake-session';\nexport const make = () => new Session();\n");
    expect(runtime.errorCount).toBeGreaterThan(0);
    expect(runtime.rules).toEqual(['@typescript-eslint/no-restricted-imports']);

    const nested = await lint('src/panels/vae/fake-panel.tsx', "import { buildVae } from '../../models/fake-vae';\nexport const b = buildVae;\n");
    expect(nested.rules).toEqual(['@typescript-eslint/no-restricted-imports']);

    const types = await lint(
      'src/panels/fake-panel.tsx',
      "import type { Session } from '../engine/fake-session';\nimport { type Autoencoder } from '../models/fake-model';\nexport type Both = [Session, Autoencoder];\n",
    );
    expect(types.errorCount).toBe(0);
  });

  it('models are UI-free: no react', async () => {
    const r = await lint('src/models/fake.ts', "import { useState } from 'react';\nexport const hook = useState;\n");
    expect(r.errorCount).toBeGreaterThan(0);
    expect(r.rules).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('the engine uses no DOM globals and imports no UI layer', async () => {
    const dom = await lint('src/engine/fake.ts', 'export const title = () => document.title;\n');
    expect(dom.errorCount).toBeGreaterThan(0);
    expect(dom.rules).toEqual(['no-restricted-globals']);

    const up = await lint('src/engine/fake.ts', "import { useLab } from '../state/fake-store';\nexport const store = useLab;\n");
    expect(up.rules).toEqual(['@typescript-eslint/no-restricted-imports']);

    const domType = await lint('src/engine/fake.ts', 'export const size = (c: HTMLCanvasElement) => c.width;\n');
    expect(domType.rules).toEqual(['@typescript-eslint/no-restricted-types']);

    // What a worker has is fine.
    const worker = await lint('src/engine/fake.ts', 'export const now = () => performance.now();\nexport const scope = () => self;\n');
    expect(worker.errorCount).toBe(0);
  });

  it('a family descriptor imports no tfjs statically, but may import src/models lazily', async () => {
    const r = await lint('src/families/fake-family.ts', "import * as tf from '@tensorflow/tfjs';\nexport const backend = () => tf.getBackend();\n");
    expect(r.errorCount).toBeGreaterThan(0);
    expect(r.rules).toContain('@typescript-eslint/no-restricted-imports');

    const lazy = await lint(
      'src/families/fake-family.ts',
      "import type { Autoencoder } from '../models/fake-model';\nexport const build = async (): Promise<Autoencoder> => (await import('../models/fake-vae')).buildVae();\n",
    );
    expect(lazy.errorCount).toBe(0);
  });

  it('a clean panel passes', async () => {
    const r = await lint(
      'src/panels/fake-clean-panel.tsx',
      [
        "import { useEffect, useState } from 'react';",
        "import type { Session } from '../engine/fake-session';",
        '',
        'export function useSteps(session: Session | null, step: number): number {',
        '  const [steps, setSteps] = useState(0);',
        '  useEffect(() => {',
        '    if (session) setSteps(step);',
        '  }, [session, step]);',
        '  return steps;',
        '}',
        '',
      ].join('\n'),
    );
    expect(r.messages).toEqual([]);
    expect(r.errorCount).toBe(0);
  });
});
