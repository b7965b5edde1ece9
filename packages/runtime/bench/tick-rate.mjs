// Benchmark: ticks per second of a whole run, end to end (scheduler, TrendPack, RunIndex, manifest),
// through the one-call `abraxasTick` (a fresh writer per tick) and through one `openRun` handle,
// with the cost of the first and the last 100 ticks to show whether a tick gets slower as the run grows;
// and the same with two candidate metrics under promotion (the per-tick invariance gate re-runs the
// metric tasks: 12 runs by default), whose one-call form reads the run's manifest on every call.
// Usage: node bench/tick-rate.mjs [--ticks N] [--fsync] [--check]
//   --ticks  ticks per run (default 2000; the reference: 126 ticks/s over 1,000, 59 over 2,000)
//   --fsync  durable writes (default off: this measures the runtime and its ledger, not the disk)
//   --check  exit 1 when the last 100 ticks of a run cost more than twice the first 100 (the one-call
//            form with metrics is not checked: it reads the manifest per call, O(ticks) by design)
// The floor, measured in the same run: the same ticks without any artifact (scheduler and TrendPack only).
import { Budget, DeterministicScheduler, bindCallable, canonicalJsonBytes } from '@abraxas/ers';
import { ersTraceToTrendpack } from '@abraxas/viz';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abraxasTick, openRun } from '../dist/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--ticks');
const ticks = at >= 0 ? Number(args[at + 1]) : 2000;
const fsync = args.includes('--fsync');
const now = () => performance.now();
const ok = () => ({ ok: true });
const work = (tick) => ({ tick, context: {}, runSignal: ok, runCompress: ok, runOverlay: ok, runShadowTasks: { anagram: ok, sei: ok } });
const metrics = { mean: { fn: () => ({ mean: 1 }) }, spread: { fn: () => ({ spread: 2 }), costOps: 3 } };

async function measure(label, runTick) {
  const times = [];
  const t0 = now();
  for (let t = 0; t < ticks; t++) {
    const s = now();
    await runTick(t);
    times.push(now() - s);
  }
  const total = now() - t0;
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = avg(times.slice(0, 100));
  const last = avg(times.slice(-100));
  console.log(`  ${label.padEnd(34)} ${((ticks / total) * 1000).toFixed(0).padStart(6)} ticks/s   first 100: ${first.toFixed(2)} ms/tick, last 100: ${last.toFixed(2)} ms/tick (x${(last / first).toFixed(2)})`);
  return { first, last };
}

console.log(`@abraxas/runtime: ${ticks} ticks per run (3 forecast steps, 2 shadow tasks), fsync ${fsync ? 'on' : 'off'}`);
const results = [];

let dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-tick-'));
results.push(await measure('abraxasTick (fresh writer per tick)', (t) => abraxasTick({ runId: 'BENCH', mode: 'bench', artifactsDir: dir, fsync, ...work(t) })));
rmSync(dir, { recursive: true, force: true });

dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-tick-'));
const run = openRun({ runId: 'BENCH', mode: 'bench', artifactsDir: dir, fsync });
results.push(await measure('openRun handle', (t) => run.tick(work(t))));
await run.close();
rmSync(dir, { recursive: true, force: true });

dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-tick-'));
const promo = openRun({ runId: 'BENCH', mode: 'bench', artifactsDir: dir, fsync, metrics });
results.push(await measure('openRun handle, 2 metrics (12 runs)', (t) => promo.tick(work(t))));
await promo.close();
rmSync(dir, { recursive: true, force: true });

dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-tick-'));
await measure('abraxasTick, 2 metrics (12 runs)', (t) => abraxasTick({ runId: 'BENCH', mode: 'bench', artifactsDir: dir, fsync, metrics, ...work(t) }));
rmSync(dir, { recursive: true, force: true });

await measure('floor: no artifacts', async (t) => {
  const s = new DeterministicScheduler();
  ['oracle:signal', 'oracle:compress', 'oracle:overlay'].forEach((name, priority) => s.add(bindCallable({ name, lane: 'forecast', priority, costOps: 10, fn: ok })));
  for (const n of ['anagram', 'sei']) s.add(bindCallable({ name: `shadow:${n}`, lane: 'shadow', priority: 0, costOps: 2, fn: ok }));
  const out = await s.runTickAsync({ tick: t, budgetForecast: new Budget({ ops: 50 }), budgetShadow: new Budget({ ops: 20 }), context: {} });
  canonicalJsonBytes(ersTraceToTrendpack({ trace: out.trace, runId: 'BENCH', tick: t, provenance: { engine: 'abraxas', mode: 'bench', ers: 'v0.2' } }));
});

if (args.includes('--check') && results.some((r) => r.last > 2 * r.first)) {
  console.error('FAIL: a tick got slower as the run grew');
  process.exitCode = 1;
}
