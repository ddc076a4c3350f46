// The `gpu` section of npm run bench (scripts/bench.mjs): WebGPU calls per training step, counted,
// never timed (on SwiftShader the counts are right, the times are a CPU's). In the engine's worker
// (Playwright's Worker.evaluate: workers get no page init script) it wraps
//   GPUComputePassEncoder.prototype.dispatchWorkgroups   kernel launches,
//   GPUQueue.prototype.submit                            command buffers handed to the queue,
//   GPUBuffer.prototype.mapAsync                         by mode: READ, a readback (the CPU waits for
//                                                        the GPU); WRITE, tfjs recycling an upload buffer,
//   GPUQueue.prototype.writeBuffer                       uploads (batches, uniforms),
// after a warm-up, and reports each per step for the bench net and the VAE: over lab.step(1) and
// lab.step(N) (each call ends with a snapshot; their difference over N − 1 steps is a step's own
// share), and over a few seconds of live training (Play, as a user sees it, with its live loss and
// snapshots). BENCH_GPU_STEPS (N, default 10), BENCH_GPU_PLAY_S (6; 0 skips Play: on SwiftShader
// under load a step can take longer than that).

/* global window, self, GPUComputePassEncoder, GPUQueue, GPUBuffer -- page.evaluate runs in the page, worker.evaluate in the worker. */
const COUNTED = { dispatch: 'dispatchWorkgroups', submit: 'submit', mapRead: 'mapAsync(READ)', mapWrite: 'mapAsync(WRITE)', writeBuffer: 'writeBuffer' };

/** Installs the counters in the worker once; they count from then on (prototypes: every object). */
function install() {
  if (self.__gpuCounts) return true;
  if (typeof GPUComputePassEncoder === 'undefined') return false;
  const c = (self.__gpuCounts = { dispatch: 0, submit: 0, mapRead: 0, mapWrite: 0, writeBuffer: 0 });
  const wrap = (proto, name, key) => {
    const f = proto[name];
    proto[name] = function (...args) {
      c[key(args)]++;
      return f.apply(this, args);
    };
  };
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', () => 'dispatch');
  wrap(GPUQueue.prototype, 'submit', () => 'submit');
  // READ: a readback the CPU waits for; WRITE: tfjs re-mapping an upload staging buffer for reuse.
  wrap(GPUBuffer.prototype, 'mapAsync', ([mode]) => (mode & 1 ? 'mapRead' : 'mapWrite'));
  wrap(GPUQueue.prototype, 'writeBuffer', () => 'writeBuffer');
  return true;
}

const take = () => {
  const c = { ...self.__gpuCounts };
  for (const k of Object.keys(self.__gpuCounts)) self.__gpuCounts[k] = 0;
  return c;
};

const perStep = (c, steps) => Object.fromEntries(Object.keys(COUNTED).map((k) => [k, steps ? +(c[k] / steps).toFixed(2) : null]));

/** The latest step the history shows (its newest point over every series). */
const currentStep = (page) => page.evaluate(() => Math.max(0, ...Object.values(window.lab.metrics()).map((pts) => pts.at(-1)?.step ?? 0)));

async function countOn(page, worker, label, settings, env, log) {
  const steps = Number(env.BENCH_GPU_STEPS ?? 10);
  const playMs = Number(env.BENCH_GPU_PLAY_S ?? 6) * 1000;
  // The settings' new run (no reset after it: on SwiftShader each build compiles its shaders anew).
  await page.evaluate((s) => window.lab.set(s), settings);
  log(`gpu counts: ${label}: warm-up`);
  const s0 = (await page.evaluate(() => window.lab.step(3))).step; // warm-up: pipelines compiled, buffers pooled
  await worker.evaluate(take);
  // lab.step(1), then lab.step(n): each call ends with one snapshot, so their difference over
  // n − 1 steps is what a step adds on its own (the training loop's share).
  log(`gpu counts: ${label}: 1 step, then ${steps} steps through lab.step`);
  const s1 = (await page.evaluate(() => window.lab.step(1))).step;
  const once = await worker.evaluate(take);
  const s2 = (await page.evaluate((n) => window.lab.step(n), steps)).step;
  const stepped = await worker.evaluate(take);
  const n = s2 - s1;
  const marginal = Object.fromEntries(Object.keys(COUNTED).map((k) => [k, stepped[k] - once[k]]));
  const byCall = {
    oneStep: { steps: s1 - s0, totals: once },
    nSteps: { steps: n, totals: stepped, perStep: perStep(stepped, n) },
    perStepWithoutSnapshot: perStep(marginal, n - (s1 - s0)),
  };
  if (!(playMs > 0)) return { net: label, labStep: byCall };
  // Live training: Play for a while; steps from the history (its points lag the engine a little).
  const p0 = await currentStep(page);
  await worker.evaluate(take);
  log(`gpu counts: ${label}: play ${playMs / 1000} s`);
  await page.evaluate(() => window.lab.play());
  await page.waitForTimeout(playMs);
  await page.evaluate(() => window.lab.pause());
  await page.waitForTimeout(300);
  const played = await worker.evaluate(take);
  const p1 = await currentStep(page);
  return {
    net: label,
    labStep: byCall,
    play: { seconds: playMs / 1000, steps: p1 - p0, totals: played, perStep: perStep(played, p1 - p0) },
  };
}

/** The section: counts for the bench net and the VAE on WebGPU, or why it was skipped. */
export async function benchGpuCounts({ browser, base, benchNet, env = process.env, log = () => {} }) {
  const page = await browser.newPage({ serviceWorkers: 'block' });
  try {
    const workerReady = page.waitForEvent('worker', { predicate: (w) => /\/worker-[^/]*\.js/.test(w.url()), timeout: 60_000 });
    await page.goto(`${base}/?paused#/lab?v=1&backend=webgpu`);
    await page.waitForFunction(() => typeof window.lab?.ready === 'function');
    await page.evaluate(() => window.lab.ready());
    const info = await page.evaluate(() => window.lab.backend());
    if (info?.name !== 'webgpu') return { skipped: `WebGPU not available here (got ${info?.name})` };
    // The engine's worker (assets/worker-*.js), not WASM's thread workers.
    const isEngine = (w) => /\/worker-[^/]*\.js/.test(w.url());
    const worker = page.workers().find(isEngine) ?? (await workerReady);
    if (!isEngine(worker))
      return {
        skipped: `no engine worker found (${page
          .workers()
          .map((w) => w.url())
          .join(', ')})`,
      };
    if (!(await worker.evaluate(install))) return { skipped: 'the worker has no GPUComputePassEncoder' };
    const runs = [];
    log('gpu counts: bench net');
    runs.push(await countOn(page, worker, benchNet.label, benchNet.settings, env, log));
    log(JSON.stringify(runs.at(-1)));
    log('gpu counts: VAE');
    runs.push(await countOn(page, worker, "VAE (the lab's defaults)", { model: 'vae' }, env, log));
    log(JSON.stringify(runs.at(-1)));
    return {
      adapter: info.adapter,
      note: /swiftshader/i.test(info.adapter ?? '') ? 'SwiftShader (software WebGPU): counts are what a GPU would get; no times' : undefined,
      runs,
    };
  } finally {
    await page.close();
  }
}
