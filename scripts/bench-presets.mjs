// The `presets` section of npm run bench (scripts/bench.mjs): per preset, the seconds from Play
// until the promise in its description holds, live in the page as a new user sees it. Each preset
// declares that promise as data (src/settings/presets.ts, `claim`: after `steps` steps the latest
// point of `series` compares with `value`; test/unit/claims.test.ts checks it in Node). Here, for
// each preset, in a fresh page on WASM: lab.applyPreset(id) (from scratch: its data loads here,
// timed apart), then lab.play(), and the page polls lab.metrics() until a point of the series at
// step ≥ `steps` satisfies the criterion, or the cap (BENCH_PRESET_CAP_S, default 60 s) passes.
// Reported per preset: seconds and steps at that moment, the first moment the criterion held at
// any step (it can hold before the declared step), and whether it meets the goal of ≤ 20 s
// (BENCH_PRESET_GOAL_S). BENCH_PRESETS (ids, comma-separated) picks a subset; BENCH_PRESET_QUERY
// is added to the page's query (e.g. threads=2).
//
// The claims are read from the TypeScript source itself (Vite's ssrLoadModule), not copied.
/* global window -- the functions handed to page.evaluate run in the page. */
import { createServer } from 'vite';

/** Every preset's id, title, dataset and claim, from src/settings/presets.ts. */
export async function presetClaims(root) {
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const { PRESETS } = await vite.ssrLoadModule('/src/settings/presets.ts');
    return PRESETS.map((p) => ({ id: p.id, title: p.title, model: p.settings.model, dataset: p.settings.dataset ?? 'mnist', claim: { ...p.claim } }));
  } finally {
    await vite.close();
  }
}

/** In the page: Play, then poll the history until the claim holds at its step (or the cap). */
async function playUntilClaim(page, claim, capMs) {
  return page.evaluate(
    async ({ claim, capMs }) => {
      const holds = (v) => ({ '<': v < claim.value, '<=': v <= claim.value, '>': v > claim.value, '>=': v >= claim.value })[claim.op];
      const at = (h) => Math.max(0, ...Object.values(h).map((pts) => pts.at(-1)?.step ?? 0));
      const t0 = performance.now();
      window.lab.play();
      let first = null;
      let atSteps = null;
      let last = null;
      let step = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        const s = (performance.now() - t0) / 1000;
        const h = window.lab.metrics();
        step = at(h);
        const pts = h[claim.series] ?? [];
        last = pts.at(-1) ?? null;
        if (!first) {
          const p = pts.find((x) => x.step > 0 && holds(x.value));
          if (p) first = { seconds: s, step: p.step, value: p.value };
        }
        atSteps ??= pts.find((x) => x.step >= claim.steps) ?? null;
        const held = pts.find((x) => x.step >= claim.steps && holds(x.value));
        if (held) {
          window.lab.pause();
          return { held: true, seconds: s, step: held.step, value: held.value, first, firstAtSteps: atSteps };
        }
        if (performance.now() - t0 > capMs) {
          window.lab.pause();
          return { held: false, seconds: s, step, value: last?.value ?? null, first, firstAtSteps: atSteps };
        }
      }
    },
    { claim, capMs },
  );
}

/** The section: one row per preset, in the order of the presets menu. */
export async function benchPresets({ browser, base, root, env = process.env, log = () => {} }) {
  const capS = Number(env.BENCH_PRESET_CAP_S ?? 60);
  const goalS = Number(env.BENCH_PRESET_GOAL_S ?? 20);
  const only = env.BENCH_PRESETS ? new Set(env.BENCH_PRESETS.split(',')) : null;
  const presets = (await presetClaims(root)).filter((p) => !only || only.has(p.id));
  const rows = [];
  for (const p of presets) {
    log(`preset ${p.id}: ${p.claim.series} ${p.claim.op} ${p.claim.value} by step ${p.claim.steps}`);
    const page = await browser.newPage({ serviceWorkers: 'block' });
    try {
      await page.goto(`${base}/?paused${env.BENCH_PRESET_QUERY ? `&${env.BENCH_PRESET_QUERY}` : ''}#/lab?v=1&backend=wasm`);
      await page.waitForFunction(() => typeof window.lab?.ready === 'function');
      await page.evaluate(() => window.lab.ready());
      const t0 = Date.now();
      await page.evaluate((id) => window.lab.applyPreset(id), p.id);
      const applySeconds = (Date.now() - t0) / 1000;
      const backend = await page.evaluate(() => window.lab.backend());
      const r = await playUntilClaim(page, p.claim, capS * 1000);
      const round = (x, d = 3) => (typeof x === 'number' ? +x.toFixed(d) : x);
      rows.push({
        preset: p.id,
        dataset: p.dataset,
        claim: `${p.claim.series} ${p.claim.op} ${p.claim.value} after ${p.claim.steps} steps`,
        backend: backend?.adapter ? `${backend.name} (${backend.adapter})` : backend?.name,
        applySeconds: round(applySeconds, 1),
        secondsFromPlay: r.held ? round(r.seconds, 1) : `not within ${capS} s`,
        stepAtHold: r.step,
        valueAtHold: round(r.value),
        meetsGoal: r.held && r.seconds <= goalS,
        stepsPerSecond: r.step && r.seconds ? round(r.step / r.seconds, 1) : null,
        firstHeld: r.first ? { seconds: round(r.first.seconds, 1), step: r.first.step, value: round(r.first.value) } : null,
        firstPointAtClaimStep: r.firstAtSteps ? { step: r.firstAtSteps.step, value: round(r.firstAtSteps.value) } : null,
      });
    } catch (e) {
      rows.push({ preset: p.id, error: String(e.message).split('\n')[0] });
    } finally {
      await page.close();
    }
    log(JSON.stringify(rows.at(-1)));
  }
  const held = rows.filter((r) => r.meetsGoal).map((r) => r.preset);
  return { goalSeconds: goalS, capSeconds: capS, meetGoal: held, missGoal: rows.filter((r) => !r.meetsGoal).map((r) => r.preset), rows };
}
