import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

const trainSteps = (page: Page) => page.evaluate(() => (window.lab.metrics()['train/loss'] ?? []).map((p) => p.step));
const storageNotices = (page: Page) => page.getByTestId('notices').locator('.notice', { hasText: 'Runs cannot be kept' });

test('no storage (a private window): one clear message, and training and the current run go on in memory', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await openLab(page, 'backend=wasm&model=linear&latent=4');
  await expect(storageNotices(page)).toHaveCount(1);
  await expect(storageNotices(page)).toContainText('storage is not available here');
  await page.evaluate(() => window.lab.step(10));
  await page.evaluate(() => window.lab.step(10));
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(20);
  expect((await trainSteps(page)).at(-1)).toBe(20);
  await expect(storageNotices(page)).toHaveCount(1);
});

test('storage full (QuotaExceededError): one clear message, nothing lost, and the run is kept once there is room', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    (window as unknown as { restorePut: () => void }).restorePut = () => (IDBObjectStore.prototype.put = put);
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await openLab(page, 'backend=wasm&model=linear&latent=4');
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.lab.step(10)); // each pause saves (with weights)
  await expect(storageNotices(page)).toHaveCount(1);
  await expect(storageNotices(page)).toContainText('storage for the lab is full');
  expect((await page.evaluate(() => window.lab.evaluate())).step).toBe(30);
  const steps = await trainSteps(page);
  expect(steps.at(-1)).toBe(30);

  // Room again: the next save keeps the whole run, its history from step 1.
  await page.evaluate(() => (window as unknown as { restorePut: () => void }).restorePut());
  await page.evaluate(() => window.lab.step(5));
  await expect(page.getByTestId('runs-panel').locator('ul.runs > li')).toHaveCount(1);
  // The list shows the run once any save lands: one started by a snapshot before step 35 can land first.
  const readSaved = () =>
    page.evaluate(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const req = indexedDB.open('autoencoder-lab', 1);
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const get = req.result.transaction('runs').objectStore('runs').getAll();
            get.onsuccess = () => resolve((get.result as { history: Record<string, { step: number }[]> }[]).flatMap((r) => r.history['train/loss'].map((p) => p.step)));
          };
        }),
    );
  await expect.poll(async () => (await readSaved()).at(-1), { timeout: 10_000 }).toBe(35);
  const saved = await readSaved();
  expect(saved.slice(0, steps.length)).toEqual(steps);
  expect(saved.at(-1)).toBe(35);
  await expect(storageNotices(page)).toHaveCount(1);
});
