import { expect, test, type Page } from '@playwright/test';
import { PICTURE_PANELS, canvasInk, gpuTest, hide, openGpuLab, openLab, seriesValues } from './helpers';

// The foundation's promise on each backend: it really runs there, training lowers the
// loss, the panels draw, and the worker's tensor count stays flat while training.
async function linearTrains(page: Page, backend: 'webgpu' | 'wasm'): Promise<void> {
  if (backend === 'webgpu') await openGpuLab(page, hide(...PICTURE_PANELS));
  else await openLab(page, `backend=${backend}`);
  const info = await page.evaluate(() => window.lab.backend());
  expect(info?.name).toBe(backend);
  if (backend === 'webgpu') expect(info?.adapter).toMatch(/\S/);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);

  const before = await page.evaluate(() => window.lab.evaluate());
  const steps = backend === 'webgpu' ? 30 : 200; // SwiftShader is a CPU: keep WebGPU runs short
  await page.evaluate((n) => window.lab.step(n), 10);
  const memoryBefore = await page.evaluate(() => window.lab.memory());
  await page.evaluate((n) => window.lab.step(n), steps);
  const memoryAfter = await page.evaluate(() => window.lab.memory());
  expect(memoryAfter.numTensors).toBe(memoryBefore.numTensors);

  const after = await page.evaluate(() => window.lab.evaluate());
  expect(after.step).toBe(steps + 10);
  expect(after.loss).toBeLessThan(before.loss * 0.8);
  expect(after.loss).toBeGreaterThan(after.pcaTest * 0.99); // never beats PCA
  const train = await seriesValues(page, 'train/loss');
  expect(train.at(-1)!).toBeLessThan(train[0]);

  for (const id of ['weights-canvas', 'eigen-canvas', 'originals-canvas', 'recon-canvas']) {
    expect(await canvasInk(page, id), id).toBeGreaterThan(0.05);
  }
  await expect(page.getByTestId('readout')).toContainText(`step ${steps + 10}`);
  await page.screenshot({ path: `test-results/lab-${backend}.png` });
}
gpuTest('linear autoencoder trains on webgpu', ({ gpuPage }) => linearTrains(gpuPage, 'webgpu'));
test('linear autoencoder trains on wasm', ({ page }) => linearTrains(page, 'wasm'));

// Auto looks at the adapter to choose. The page asks for it as it starts, while the worker's
// tfjs still loads, and hands the worker what it saw: the worker does not wait on a second ask.
// Every browser test runs Chromium with SwiftShader's adapter, a CPU: auto must choose WASM and say why.
test('auto on a software adapter: the page asks once, and the lab trains on WASM and says why', async ({ page }) => {
  await page.addInitScript(() => {
    const gpu = navigator.gpu;
    if (!gpu) return;
    const ask = gpu.requestAdapter.bind(gpu);
    (window as unknown as { adapterAsks: number }).adapterAsks = 0;
    gpu.requestAdapter = (options) => {
      (window as unknown as { adapterAsks: number }).adapterAsks++;
      return ask(options);
    };
  });
  await openLab(page, 'backend=auto');
  expect(await page.evaluate(() => (window as unknown as { adapterAsks?: number }).adapterAsks)).toBe(1);
  const info = await page.evaluate(() => window.lab.backend());
  expect(info?.name).toBe('wasm');
  await expect(page.getByTestId('notices')).toContainText(/WebGPU adapter "[^"]+" is a software fallback, so auto chose another backend/);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  const before = (await page.evaluate(() => window.lab.evaluate())).loss;
  await page.evaluate(() => window.lab.step(50));
  expect((await page.evaluate(() => window.lab.evaluate())).loss).toBeLessThan(before);
});

gpuTest('same seed, same numbers: WebGPU and WASM agree', async ({ page, gpuPage }) => {
  const losses: number[] = [];
  await openLab(page, 'backend=wasm&latent=4');
  await openGpuLab(gpuPage, `latent=4&${hide(...PICTURE_PANELS)}`);
  for (const p of [page, gpuPage]) {
    await p.evaluate(() => window.lab.step(5));
    losses.push((await p.evaluate(() => window.lab.evaluate())).loss);
  }
  expect(Math.abs(losses[0] - losses[1]) / losses[0]).toBeLessThan(1e-3);
});

// Every core: the threaded SIMD build runs whenever the page is cross-origin isolated (vite
// preview sends COOP/COEP) and more than one thread is wanted; one thread runs the plain SIMD
// build, which starts no pthread workers. By default on one fewer thread than the logical cores
// (the page keeps one to draw), up to tfjs's pool of 8; ?threads=N asks for more, and any count
// gives the same numbers as one thread.
test('WASM runs threaded when isolated, one core left to the page; more threads on request give the same numbers', async ({ page, browser }) => {
  await openLab(page, 'backend=wasm&latent=4');
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  expect(isolated).toBe(true);
  const expected = Math.min(Math.max(1, cores - 1), 8);
  expect(await page.evaluate(() => window.lab.backend())).toMatchObject({ name: 'wasm', isolated: true, threads: expected });
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-threads', String(expected));
  await expect(badge).toContainText(expected === 1 ? '1 thread' : `${expected} threads`);
  if (cores > 1) await expect(badge).toHaveAttribute('title', new RegExp(`${expected} CPU threads? of ${cores} logical cores: one core is left to the page`));

  /** Test loss after 5 steps of the same seeded run, on `threads` WASM threads. */
  const lossOn = async (threads: number) => {
    const p = await browser.newPage();
    await p.goto(`./?paused&threads=${threads}#/lab?v=1&backend=wasm&latent=4`);
    await p.waitForFunction(() => typeof window.lab?.ready === 'function');
    await p.evaluate(() => window.lab.ready());
    expect(await p.evaluate(() => window.lab.backend()?.threads)).toBe(threads);
    // tfjs's pthreads are blob: workers beside the lab's engine worker: none for one thread.
    const pthreads = p.workers().filter((w) => w.url().startsWith('blob:')).length;
    if (threads === 1) expect(pthreads).toBe(0);
    else expect(pthreads).toBeGreaterThanOrEqual(threads);
    await p.evaluate(() => window.lab.step(5));
    const loss = (await p.evaluate(() => window.lab.evaluate())).loss;
    await p.close();
    return loss;
  };
  const one = await lossOn(1);
  // Every core, as asked: 2 at least, so the thread pool really runs even on a 2-core machine.
  const many = await lossOn(Math.min(Math.max(2, cores), 8));
  expect(Math.abs(many - one) / one).toBeLessThan(1e-5);
});

// A net with a big matMul (its largest weight matrix × the batch ≥ 150 M multiply–adds a step)
// trains on every core, a smaller one leaves a core to the page: the lab moves between two WASM
// modules as runs start, the tensors follow, and the numbers stay those of one module.
test('a big net trains on every WASM thread, a small one leaves a core to the page; switching keeps the numbers and leaks nothing', async ({ page }) => {
  await openLab(page, 'backend=wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one core: both thread counts are 1');
  const fewer = Math.min(cores - 1, 8);
  const every = Math.min(cores, 8);
  const look = async () => {
    const e = await page.evaluate(() => window.lab.evaluate());
    return {
      step: e.step,
      loss: e.loss,
      threads: (await page.evaluate(() => window.lab.backend()))?.threads,
      tensors: (await page.evaluate(() => window.lab.memory())).numTensors,
    };
  };
  const small = await page.evaluate(() => window.lab.state());
  const first = await look();
  expect(first.threads).toBe(fewer);
  await page.evaluate(() => window.lab.step(5));
  const firstAfter = await look();

  expect(small.model).toBe('linear');
  await page.evaluate(() => window.lab.set({ latent: 1024, batchSize: 256 })); // 256 × 784 × 1,024 ≈ 206 M
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-threads', String(every));
  const bigStart = await look();
  await page.evaluate(() => window.lab.step(5));
  const big = await look();
  expect(big).toMatchObject({ step: 5, threads: every, tensors: firstAfter.tensors });
  expect(big.loss).toBeLessThan(bigStart.loss); // it trains there

  await page.evaluate((s) => window.lab.set({ latent: s.latent, batchSize: s.batchSize }), small);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-threads', String(fewer));
  expect(await look()).toEqual(first);
  await page.evaluate(() => window.lab.step(5));
  expect(await look()).toEqual(firstAfter);
});

test.describe('without isolation', () => {
  // No service worker: on a host without the headers it adds them and reloads (pwa-register.ts).
  test.use({ serviceWorkers: 'block' });
  test('WASM runs one thread and the badge says why', async ({ page }) => {
    // The same server, minus the COOP/COEP headers.
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    await openLab(page, 'backend=wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.evaluate(() => window.lab.backend())).toMatchObject({ name: 'wasm', isolated: false, threads: 1 });
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toContainText('1 thread');
    await expect(badge).toHaveAttribute('title', /not cross-origin isolated/);
  });
});
