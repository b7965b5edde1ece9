/**
 * The `run_read` case: a long run read back whole — `iterateTicks` over every tick (each TrendPack
 * hash-checked and validated), `tickStats` rows for every tick, and `listRuns` (which hashes the
 * run's Merkle root as its records pass) — in a process of its own, its peak resident set
 * (`process.resourceUsage().maxRSS`, Node's baseline included) checked against 100 MB. The run is
 * written beforehand by `run_read_fixture`, in another process, so that its writing is not in the
 * figure.
 * Owns: the run-read cases. Must not: print (the report is returned).
 */
import { iterateTicks, listRuns, tickStats } from '@abraxas/runtime';
import { thousands } from '../format.js';
import { MemoryTracker } from '../memory.js';
import { now } from '../measure.js';
import { check, type CaseReport } from '../results.js';
import { writeLongRun } from '../workload/long-run.js';

export interface RunReadParams {
  /** The artifacts folder holding (or to hold) the run. */
  readonly dir: string;
  readonly runId: string;
  readonly ticks: number;
  readonly targetMb: number;
}

/** Writes the run (no figure). */
export async function runReadFixtureCase(p: RunReadParams): Promise<CaseReport> {
  await writeLongRun(p.dir, p.runId, p.ticks);
  return { measurements: [], checks: [] };
}

/** Reads the run back and reports its peak RSS and heap (the time each reader took is in the label). */
export async function runReadCase(p: RunReadParams): Promise<CaseReport> {
  const memory = new MemoryTracker();
  const at = { artifactsDir: p.dir, runId: p.runId };
  const t0 = now();
  let ticks = 0;
  for await (const t of iterateTicks(at)) {
    if (t.tick !== ticks) throw new Error(`run_read: tick ${String(t.tick)} where ${String(ticks)} was expected`);
    ticks++;
    if (ticks % 1000 === 0) memory.sample();
  }
  const t1 = now();
  let rows = 0;
  for await (const row of tickStats(at)) {
    if (row.tick !== rows) throw new Error(`run_read: a statistics row for tick ${String(row.tick)} where ${String(rows)} was expected`);
    rows++;
    if (rows % 1000 === 0) memory.sample();
  }
  const t2 = now();
  const runs = await listRuns({ artifactsDir: p.dir });
  const t3 = now();
  memory.sample();
  if (ticks !== p.ticks || rows !== p.ticks || runs[0]?.ticks !== p.ticks) throw new Error(`run_read: read ${String(ticks)} ticks, ${String(rows)} rows, listRuns ${String(runs[0]?.ticks)}; expected ${String(p.ticks)}`);
  const m = memory.summary();
  const n = thousands(p.ticks);
  const took = `iterateTicks ${secs(t1 - t0)}, tickStats ${secs(t2 - t1)}, listRuns ${secs(t3 - t2)}`;
  return {
    measurements: [],
    checks: [
      check('run_read.max_rss', `peak RSS reading a ${n}-tick run (${took})`, m.max_rss_mb, 'MB', p.targetMb),
      check('run_read.peak_heap', `peak heap in use reading a ${n}-tick run`, m.peak_heap_mb, 'MB', p.targetMb),
    ],
  };
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
