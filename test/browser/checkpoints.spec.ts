import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openLab } from './helpers';

interface Entry {
  preset: string;
  step: number;
  settings: Record<string, unknown>;
  figures: Record<string, number>;
}
const manifest = JSON.parse(readFileSync(new URL('../../public/checkpoints/manifest.json', import.meta.url), 'utf8')) as { checkpoints: Entry[] };
const vae = manifest.checkpoints.find((c) => c.preset === 'vae')!;

test('a preset starts at its shipped checkpoint (step N, the recorded test loss and curve) or from scratch; a changed preset’s checkpoint is refused', async ({ page }) => {
  // The preset "changed" since the checkpoint was made: its settings are refused and it starts from scratch.
  const tampered = { ...manifest, checkpoints: manifest.checkpoints.map((c) => (c === vae ? { ...c, settings: { ...c.settings, latent: 3 } } : c)) };
  await page.route('**/checkpoints/manifest.json', (route) => route.fulfill({ json: tampered }));
  // Opened on the preset's own settings: no other model is built first.
  await openLab(page, 'backend=wasm&model=vae&latent=2');
  const refused = await page.evaluate(() => window.lab.applyPreset('vae', { from: 'checkpoint' }));
  expect(refused).toEqual({ from: 'scratch', step: 0, refused: 'the preset changed since it was made (latent: 3 → 2)' });
  await expect(page.getByRole('alert').filter({ hasText: 'shipped checkpoint for “VAE: generating digits” was refused' })).toBeVisible();
  await expect(page.getByTestId('readout')).toContainText('step 0');
  await page.unroute('**/checkpoints/manifest.json');

  // The presets menu offers both starts; the checkpoint puts the run at step N with the recorded figures and curve.
  await page.getByTestId('presets').selectOption('vae');
  await page.getByTestId('from-checkpoint').click();
  await expect(page.getByTestId('readout')).toContainText(`step ${vae.step}`);
  const test = await page.evaluate(() => window.lab.metrics()['test/loss']);
  expect(test.at(-1)!.step).toBe(vae.step);
  expect(Math.abs(test.at(-1)!.value - vae.figures.loss)).toBeLessThanOrEqual(1e-4 * vae.figures.loss);
  expect(test.filter((p) => p.step < vae.step).length).toBeGreaterThan(10);
  expect(await page.evaluate(() => window.lab.state().latent)).toBe(2);
  // Training goes on from there.
  expect(await page.evaluate(() => window.lab.step(1))).toEqual({ step: vae.step + 1 });

  await page.getByTestId('presets').selectOption('vae');
  await page.getByTestId('from-scratch').click();
  await expect(page.getByTestId('readout')).toContainText('step 0');
  // The new run's first snapshot (its step-0 test point) may come just after the readout's reset.
  await expect.poll(() => page.evaluate(() => window.lab.metrics()['test/loss']?.length ?? 0)).toBe(1);

  // The walkthrough step that runs the same settings offers the checkpoint too.
  await page.evaluate(() => (location.hash = '#/learn/vae/1?v=1&backend=wasm&model=vae&latent=2'));
  await expect(page.getByTestId('step-status')).toHaveAttribute('data-state', 'applied');
  await expect(page.getByTestId('from-checkpoint')).toHaveText(`Start at step ${vae.step.toLocaleString('en')} (shipped checkpoint)`);
});
