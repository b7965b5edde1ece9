/**
 * `pnpm bench`: runs every case in a child process of its own (runTick, trace hash, canonical JSON, abraxasTick
 * runs with fsync on and off through both APIs, verifyRun over the handle's run, 1 and 8 writer
 * processes on PostgreSQL and on the file store), prints the report
 * and writes `bench/results.json`. Each figure is a median over interleaved runs of the case and
 * its floor in the same process.
 * Owns: the order of the cases and the results file. Must not: measure anything itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverFor } from '@abraxas/test-postgres';
import { RUN_ID, type TickApi } from './cases/abraxas-tick.js';
import { loadAverage, machineInfo } from './machine.js';
import { now } from './measure.js';
import { BenchUsageError, parseArgs, USAGE, type BenchConfig } from './options.js';
import { allPassed, type BenchResults, type CaseReport, type Check, type Measurement } from './results.js';
import { settleBetweenPhases } from './settle.js';
import { runCaseProcess } from './spawn-case.js';
import { report } from './table.js';

/** The targets. */
export const TARGETS = {
  runTickRatio: 2,
  traceHashRatio: 1.5,
  shadowConcurrencyRatio: 1.5,
  canonicalJsonRatio: 2,
  /** abraxasTick with fsync on (the default), against the durable floor. */
  tickRatio: 1.3,
  /** abraxasTick with fsync off, against the floor without fsyncs. */
  tickNoFsyncRatio: 2,
  /** verifyRun against reading and hashing every file plus the ledger work of its root. */
  verifyRunRatio: 1.5,
  tickGrowth: 1.2,
  memoryMb: 200,
  runReadMb: 100,
} as const;

/** Writer processes of the store_writers cases. */
const STORE_WRITERS = [1, 8] as const;

const DEFAULT_OUT = fileURLToPath(new URL('../results.json', import.meta.url));

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function abraxasTickCases(c: BenchConfig, collect: (r: CaseReport) => void): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'abraxas-bench-'));
  try {
    const variants: { api: TickApi; fsync: boolean; metrics?: boolean }[] = [
      { api: 'one_call', fsync: true },
      { api: 'handle', fsync: true },
      { api: 'one_call', fsync: false },
      { api: 'handle', fsync: false },
      // With a metric, a one-call tick must find its states without reading the run: flat per tick.
      { api: 'one_call', fsync: false, metrics: true },
    ];
    for (const v of variants) {
      const dir = join(base, `${v.api}-${v.fsync ? 'fsync' : 'no-fsync'}${v.metrics === true ? '-metrics' : ''}`);
      mkdirSync(dir);
      progress(`abraxas_tick: ${v.api}, fsync ${v.fsync ? 'on' : 'off'}${v.metrics === true ? ', a metric' : ''}, ${c.ticks} ticks`);
      collect(
        await runCaseProcess('abraxas_tick', {
          ...v,
          ticks: c.ticks,
          dir,
          targetRatio: v.metrics === true ? null : v.fsync ? TARGETS.tickRatio : TARGETS.tickNoFsyncRatio,
          growthTarget: TARGETS.tickGrowth,
          memoryTargetMb: TARGETS.memoryMb,
          settle: c.preset === 'full',
        }),
      );
      if (v.api === 'handle' && v.fsync) {
        progress('verify_run: the handle run');
        collect(await runCaseProcess('verify_run', { artifactsDir: join(dir, 'artifacts'), runId: RUN_ID, runs: c.verifyRuns, warmup: 1, targetRatio: TARGETS.verifyRunRatio }));
      }
      // Kept until the group ends: deleting a run of thousands of files right before the next
      // case would load the file system's journal while that case is measured.
    }
    const linksDir = join(base, 'links');
    mkdirSync(linksDir);
    progress('artifact_links: the link checks of one tick');
    collect(await runCaseProcess('artifact_links', { dir: linksDir, ticks: Math.min(200, c.ticks), runs: c.verifyRuns, warmup: 1 }));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The store_writers cases: 1 and 8 writer processes, PostgreSQL against the file store, one server for both. */
async function storeWritersCases(c: BenchConfig, collect: (r: CaseReport) => void): Promise<void> {
  // Durable commits, as the file store's fsync (ABRAXAS_PG_URL: that server, as it is configured).
  progress('store_writers: starting PostgreSQL');
  const server = await serverFor({ fast: false, persistent: false });
  const base = mkdtempSync(join(tmpdir(), 'abraxas-bench-stores-'));
  try {
    for (const writers of STORE_WRITERS) {
      const dir = join(base, `files-${String(writers)}`);
      mkdirSync(dir);
      progress(`store_writers: ${String(writers)} writer process(es) x ${String(c.storeTicks)} ticks, PostgreSQL and the file store`);
      collect(
        await runCaseProcess('store_writers', {
          writers,
          ticks: c.storeTicks,
          runs: c.runs,
          warmup: c.warmup,
          url: server.url,
          schema: `abraxas_bench_${String(process.pid)}_${String(writers)}`,
          dir,
        }),
      );
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
    await server.dispose();
  }
}

/**
 * The heap of the run_read process: a 2 MB young generation (Node's default grows it to 16 MB per
 * semi-space, which alone takes a steadily allocating process past 100 MB resident whatever it
 * keeps) and an old generation capped at 64 MB, so a reader that kept the run would run out of heap.
 */
const RUN_READ_NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=64'] as const;

/** A run of `--read-ticks` ticks written in one process, read back whole in another (its peak RSS is the figure). */
async function runReadCases(c: BenchConfig, collect: (r: CaseReport) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-read-'));
  try {
    const params = { dir, runId: 'RUN-READ', ticks: c.readTicks, targetMb: TARGETS.runReadMb };
    progress(`run_read: writing a ${String(c.readTicks)}-tick run`);
    collect(await runCaseProcess('run_read_fixture', params));
    progress('run_read: reading it back');
    collect(await runCaseProcess('run_read', params, RUN_READ_NODE_FLAGS));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the configured cases and returns the results (nothing printed but progress on stderr). */
export async function runBenchmarks(c: BenchConfig): Promise<BenchResults> {
  settleBetweenPhases(c.preset === 'full');
  const recordedAt = new Date().toISOString();
  const loadStart = loadAverage();
  const t0 = now();
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  const collect = (r: CaseReport): void => {
    measurements.push(...r.measurements);
    checks.push(...r.checks);
  };
  if (c.only.includes('run_tick')) {
    progress(`run_tick: ${c.tasks.join(', ')} tasks`);
    collect(
      await runCaseProcess('run_tick', {
        sizes: c.tasks,
        runs: c.runs,
        warmup: c.warmup,
        targetSize: Math.max(...c.tasks),
        targetRatio: TARGETS.runTickRatio,
      }),
    );
  }
  if (c.only.includes('trace_hash')) {
    progress(`trace_hash: ${c.traceEvents} events`);
    collect(await runCaseProcess('trace_hash', { events: c.traceEvents, runs: c.runs, warmup: c.warmup, targetRatio: TARGETS.traceHashRatio }));
  }
  if (c.only.includes('shadow_view')) {
    // The smallest runTick size: the figure is per task.
    const tasks = Math.min(...c.tasks);
    progress(`shadow_view: ${tasks} tasks`);
    collect(await runCaseProcess('shadow_view', { tasks, runs: c.runs * 2, warmup: c.warmup }));
  }
  if (c.only.includes('shadow_concurrency')) {
    progress('shadow_concurrency: 8 shadow tasks awaiting 20 ms each');
    collect(
      await runCaseProcess('shadow_concurrency', { tasks: 8, ioMs: 20, runs: c.runs, warmup: c.warmup, targetRatio: TARGETS.shadowConcurrencyRatio }),
    );
  }
  if (c.only.includes('canonical_json')) {
    progress(`canonical_json: ${c.jsonRecords} records`);
    // A run takes tens of milliseconds and single runs of the case and of its floor each move by up
    // to half on a shared machine: three times the runs keep the medians' ratio steady.
    collect(
      await runCaseProcess('canonical_json', { records: c.jsonRecords, runs: c.runs * 3, warmup: c.warmup, targetRatio: TARGETS.canonicalJsonRatio }),
    );
  }
  if (c.only.includes('abraxas_tick')) await abraxasTickCases(c, collect);
  if (c.only.includes('store_writers')) await storeWritersCases(c, collect);
  if (c.only.includes('run_read')) await runReadCases(c, collect);
  return {
    schema: 'AbraxasBench.v1',
    preset: c.preset,
    recorded_at: recordedAt,
    duration_s: (now() - t0) / 1000,
    machine: machineInfo(loadStart, loadAverage()),
    config: {
      tasks: c.tasks,
      trace_events: c.traceEvents,
      json_records: c.jsonRecords,
      ticks: c.ticks,
      runs: c.runs,
      warmup: c.warmup,
      verify_runs: c.verifyRuns,
      store_ticks: c.storeTicks,
      read_ticks: c.readTicks,
      store_writers: STORE_WRITERS,
      only: c.only,
      targets: TARGETS,
    },
    measurements,
    checks,
    passed: allPassed(measurements, checks),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let config: BenchConfig | null;
  try {
    config = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchUsageError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (config === null) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const results = await runBenchmarks(config);
  const out = resolve(config.out ?? DEFAULT_OUT);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${report(results)}\n\nResults: ${out}\n`);
  return config.check && !results.passed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
