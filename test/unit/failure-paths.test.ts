import { describe, expect, it } from 'vitest';
import { DeviceLossGuard, historyUpTo } from '../../src/engine/device-loss';
import type { Autoencoder } from '../../src/models/model';
import { storageProblem } from '../../src/runs/run-db';

describe('a lost WebGPU device', () => {
  it('keeps the history up to the copied step, series by series, dropping series left empty', () => {
    const history = {
      'train/loss': [
        { step: 4, value: 3 },
        { step: 8, value: 2 },
        { step: 12, value: 1 },
      ],
      'test/loss': [{ step: 12, value: 1.5 }],
    };
    expect(historyUpTo(history, 8)).toEqual({ 'train/loss': history['train/loss'].slice(0, 2) });
    expect(historyUpTo(history, 12)).toEqual(history);
  });

  it('copies nothing and explains nothing off WebGPU', async () => {
    const lost: string[] = [];
    const guard = new DeviceLossGuard((r) => lost.push(r));
    const model = { variables: () => ({}) } as unknown as Autoencoder;
    await guard.keep(model, 10, 0, true);
    expect(guard.takeCopy()).toBeNull();
    expect(await guard.explains()).toBe(false);
    expect(lost).toEqual([]);
  });
});

describe('storage failures get a clear message', () => {
  it('names a full store, an unavailable one, and anything else, and says the run goes on', () => {
    const full = storageProblem(new DOMException('quota', 'QuotaExceededError'));
    expect(full.kind).toBe('full');
    expect(full.message).toMatch(/^Runs cannot be kept: this browser's storage for the lab is full\. Training and the current run continue/);
    const none = storageProblem(new DOMException('The operation is insecure.', 'SecurityError'));
    expect(none.kind).toBe('unavailable');
    expect(none.message).toContain('storage is not available here (The operation is insecure.; a private window?)');
    expect(storageProblem(new Error('disk on fire')).kind).toBe('other');
  });
});
