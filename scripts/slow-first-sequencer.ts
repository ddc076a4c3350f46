import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Unit files that train for a minute or more in Node (measured on the 2-core CI machine), longest first.
// A fresh clone has no vitest cache, so the default order (largest file first) would start them late
// and leave one fork running alone at the end; starting them first lets the two forks finish together.
const SLOW_FIRST = ['claims', 'amortization-gap', 'code-pictures', 'pretrain', 'vae-settings', 'vae', 'dense-ae'];

const rank = (spec: TestSpecification): number => {
  const i = SLOW_FIRST.indexOf(basename(spec.moduleId).replace(/\.test\.ts$/, ''));
  return i < 0 ? SLOW_FIRST.length : i;
};

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's order (cached durations, else file size).
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
