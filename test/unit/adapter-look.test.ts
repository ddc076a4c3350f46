import { describe, expect, it } from 'vitest';
import { AdapterFromPage, lookAtAdapter } from '../../src/engine/adapter-look';
import { chooseBackend } from '../../src/engine/backend';

/*
 * 'auto' asks whether the WebGPU adapter is a real GPU. In the lab the page asks while the
 * worker's script loads and hands the answer over (README, "Benchmarks": the first picture);
 * the worker asks itself only when the page did not say it would.
 */
describe('the adapter look handed over from the page', () => {
  it('waits for the page when told to expect it, and keeps that answer', async () => {
    const fromPage = new AdapterFromPage();
    fromPage.expect();
    let answered = false;
    const first = fromPage.look().then((look) => ((answered = true), look));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false); // no answer of its own while the page's is on the way
    fromPage.deliver({ real: false, label: 'Google SwiftShader' });
    expect(await first).toEqual({ real: false, label: 'Google SwiftShader' });
    expect(await fromPage.look()).toEqual({ real: false, label: 'Google SwiftShader' });
  });

  it('an answer that came before it was asked for is kept', async () => {
    const fromPage = new AdapterFromPage();
    fromPage.expect();
    fromPage.deliver(null);
    expect(await fromPage.look()).toBeNull();
  });

  it('not told to expect one, it looks itself (Node has no WebGPU: null)', async () => {
    expect(await new AdapterFromPage().look()).toBeNull();
    expect(await lookAtAdapter()).toBeNull();
  });

  it("auto takes the page's answer: a software adapter is named in the note and WASM/CPU trains", async () => {
    const info = await chooseBackend('auto', () => Promise.resolve({ real: false, label: 'Google SwiftShader' }));
    expect(info.name).not.toBe('webgpu');
    expect(info.note).toBe('WebGPU adapter "Google SwiftShader" is a software fallback, so auto chose another backend.');
  });
});
