/**
 * Case 3: a run of N ticks in one artifacts folder, through the one-call `abraxasTick` (a fresh
 * writer per tick) or through one `openRun` handle, with fsync on (the default) or off, and
 * optionally with one candidate metric (each tick then also seals its promotion record). Each tick
 * is interleaved with one tick of the floor (the same files, sizes and fsyncs written the simplest
 * crash-safe way; see floors/artifact-write-floor.ts), in a folder of its own, and with the same
 * tick computed on a store that seals nothing (workload/seal-nothing-store.ts: the runtime's fixed
 * per-tick computation, no ledger). Reports the per-tick median against the floor's, the computed
 * tick's median and the ledger's own ratio ((case − computed) / floor), ticks/s, the last tenth of
 * the run against the first, and memory. Before the measured run, up to 200 unmeasured ticks of
 * all three (on a run and folders of their own) warm the process, then the disk settles.
 * Owns: the abraxasTick case. Must not: print (the report is returned).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, type ManifestRecord } from '@abraxas/artifacts';
import { canonicalJson } from '@abraxas/ers';
import { abraxasTick, openRun, type TickResult } from '@abraxas/runtime';
import { ArtifactWriteFloor, type FloorFile } from '../floors/artifact-write-floor.js';
import { thousands } from '../format.js';
import { MemoryTracker } from '../memory.js';
import { now } from '../measure.js';
import { settleDisk } from '../settle.js';
import { check, summarise, type CaseReport, type Check } from '../results.js';
import { median, ratio, slope } from '../stats.js';
import { SealNothingStore } from '../workload/seal-nothing-store.js';
import { tickWork } from '../workload/tick-work.js';

export type TickApi = 'one_call' | 'handle';

export interface AbraxasTickParams {
  readonly api: TickApi;
  readonly fsync: boolean;
  readonly ticks: number;
  /** Run one candidate metric (a gate of 2 runs): each tick also finds its states and seals a decision record. */
  readonly metrics?: boolean;
  /** An empty folder: the run goes to `<dir>/artifacts`, the floor to `<dir>/floor`. */
  readonly dir: string;
  /** Per-tick target (ratio to the floor), or null for a figure without a target. */
  readonly targetRatio: number | null;
  /** The most the last tenth of the run may cost per tick over the first tenth. */
  readonly growthTarget: number;
  /** The most the process may hold, RSS and heap, MB. */
  readonly memoryTargetMb: number;
  /** Let the disk settle (`sync`) between the warm-up and the measured run (the full preset). */
  readonly settle: boolean;
}

export const RUN_ID = 'BENCH';
const MODE = 'bench';

/** The metric of the case with metrics: cheap, so the tick's cost is finding and sealing its states. */
const METRIC_OPTIONS = { metrics: { level: { fn: () => ({ ok: true }) } }, invarianceRuns: 2 } as const;

/** Ticks per window: a tenth of the run (1,000 of 10,000). */
export function windowOf(ticks: number): number {
  return Math.max(1, Math.floor(ticks / 10));
}

/** Sizes of one tick's files and lengths of their ledger lines, from a tick written beforehand. */
async function probe(dir: string, fsync: boolean, metrics: boolean): Promise<Map<string, number>> {
  await abraxasTick({ runId: RUN_ID, mode: MODE, artifactsDir: dir, fsync, ...(metrics ? METRIC_OPTIONS : {}), ...tickWork(0) });
  const m = await readManifest(dir, RUN_ID);
  return new Map(m.records.map((r: ManifestRecord) => [r.kind, Buffer.byteLength(canonicalJson(r)) + 1]));
}

/** Ticks run before the measured run (at most a tenth of it), on a run and a floor of their own. */
const WARMUP_TICKS = 200;

/**
 * Unmeasured ticks of the case, its floor and its computed tick, each on a run or in a folder of its
 * own (left in place: deleting files right before the measured run would load the file system), so
 * the measured run starts in a warm process.
 */
async function warmUp(p: AbraxasTickParams, lines: Map<string, number>, folders: readonly string[], ticks: number): Promise<void> {
  const dir = join(p.dir, 'warmup');
  const artifactsDir = join(dir, 'artifacts');
  const extra = p.metrics === true ? METRIC_OPTIONS : {};
  const floor = new ArtifactWriteFloor(join(dir, 'floor'), folders, p.fsync);
  const handle = p.api === 'handle' ? openRun({ runId: RUN_ID, mode: MODE, artifactsDir, fsync: p.fsync, ...extra }) : null;
  const computeStore = new SealNothingStore();
  for (let tick = 0; tick < ticks; tick++) {
    const r = handle === null ? await abraxasTick({ runId: RUN_ID, mode: MODE, artifactsDir, fsync: p.fsync, ...extra, ...tickWork(tick) }) : await handle.tick(tickWork(tick));
    floor.writeTick(floorFiles(tick, sizesOf(r), lines));
    await abraxasTick({ runId: RUN_ID, mode: MODE, store: computeStore, ...extra, ...tickWork(tick) });
  }
  await handle?.close();
}

/** The sizes of a tick's files. */
function sizesOf(r: TickResult): { trendpack: number; runindex: number; promotion: number | null } {
  const promotion = r.artifacts.promotion === undefined ? null : statSync(r.artifacts.promotion).size;
  return { trendpack: statSync(r.artifacts.trendpack).size, runindex: statSync(r.artifacts.runindex).size, promotion };
}

function floorFiles(tick: number, sizes: { trendpack: number; runindex: number; promotion: number | null }, lines: Map<string, number>): FloorFile[] {
  const name = String(tick).padStart(6, '0');
  return [
    { folder: `viz/${RUN_ID}`, name: `${name}.trendpack.json`, bytes: sizes.trendpack, lineBytes: lines.get('trendpack') ?? 0 },
    ...(sizes.promotion === null ? [] : [{ folder: `promotion/${RUN_ID}`, name: `${name}.promotion.json`, bytes: sizes.promotion, lineBytes: lines.get('promotion') ?? 0 }]),
    { folder: `run_index/${RUN_ID}`, name: `${name}.runindex.json`, bytes: sizes.runindex, lineBytes: lines.get('runindex') ?? 0 },
  ];
}

export async function abraxasTickCase(p: AbraxasTickParams): Promise<CaseReport> {
  const artifactsDir = join(p.dir, 'artifacts');
  const probeDir = join(p.dir, 'probe');
  mkdirSync(artifactsDir, { recursive: true });
  const metrics = p.metrics === true;
  const lines = await probe(probeDir, p.fsync, metrics);
  rmSync(probeDir, { recursive: true, force: true });
  const folders = [`viz/${RUN_ID}`, `run_index/${RUN_ID}`, ...(metrics ? [`promotion/${RUN_ID}`] : [])];
  await warmUp(p, lines, folders, Math.min(WARMUP_TICKS, windowOf(p.ticks)));
  if (p.settle) settleDisk();
  const floor = new ArtifactWriteFloor(join(p.dir, 'floor'), folders, p.fsync);

  const extra = metrics ? METRIC_OPTIONS : {};
  const handle = p.api === 'handle' ? openRun({ runId: RUN_ID, mode: MODE, artifactsDir, fsync: p.fsync, ...extra }) : null;
  const runOne = (tick: number): Promise<TickResult> =>
    handle === null
      ? abraxasTick({ runId: RUN_ID, mode: MODE, artifactsDir, fsync: p.fsync, ...extra, ...tickWork(tick) })
      : handle.tick(tickWork(tick));
  // The same tick with nothing sealed: what the runtime computes per tick, whatever the store.
  const computeStore = new SealNothingStore();
  const computeHandle = p.api === 'handle' ? openRun({ runId: RUN_ID, mode: MODE, store: computeStore, ...extra }) : null;
  const computeOne = (tick: number): Promise<TickResult> =>
    computeHandle === null ? abraxasTick({ runId: RUN_ID, mode: MODE, store: computeStore, ...extra, ...tickWork(tick) }) : computeHandle.tick(tickWork(tick));

  const n = p.ticks;
  const window = windowOf(n);
  const sampleEvery = Math.max(1, Math.floor(window / 10));
  const caseMs: number[] = new Array<number>(n).fill(0);
  const floorMs: number[] = new Array<number>(n).fill(0);
  const computeMs: number[] = new Array<number>(n).fill(0);
  const memory = new MemoryTracker();
  let sizes: { trendpack: number; runindex: number; promotion: number | null } = { trendpack: 0, runindex: 0, promotion: null };

  const caseTick = async (tick: number): Promise<void> => {
    const t0 = now();
    const r = await runOne(tick);
    caseMs[tick] = now() - t0;
    sizes = sizesOf(r);
  };
  const computeTick = async (tick: number): Promise<void> => {
    const t0 = now();
    await computeOne(tick);
    computeMs[tick] = now() - t0;
  };
  const floorTick = (tick: number): void => {
    const files = floorFiles(tick, sizes, lines);
    const t0 = now();
    floor.writeTick(files);
    floorMs[tick] = now() - t0;
  };

  memory.retainedAfter(0);
  for (let tick = 0; tick < n; tick++) {
    // Tick 0 runs the case first: the floor needs the sizes of a real tick's files. The three
    // take turns going first, so none of them always follows another.
    if (tick % 3 === 0) {
      await caseTick(tick);
      floorTick(tick);
      await computeTick(tick);
    } else if (tick % 3 === 1) {
      floorTick(tick);
      await computeTick(tick);
      await caseTick(tick);
    } else {
      await computeTick(tick);
      await caseTick(tick);
      floorTick(tick);
    }
    if ((tick + 1) % sampleEvery === 0) memory.sample();
    if ((tick + 1) % window === 0 || tick + 1 === n) memory.retainedAfter(tick + 1);
    if ((tick + 1) % (window * 2) === 0) process.stderr.write(`  ${p.api} fsync=${String(p.fsync)}: ${thousands(tick + 1)} ticks, ${median(caseMs.slice(tick + 1 - window, tick + 1)).toFixed(2)} ms/tick\n`);
  }
  await handle?.close();
  await computeHandle?.close();

  const records = (await readManifest(artifactsDir, RUN_ID)).records.length;
  const perTick = metrics ? 3 : 2;
  if (records !== perTick * n) throw new Error(`abraxas_tick: the run lists ${records} records after ${n} ticks; expected ${perTick * n}`);

  return report(p, caseMs, floorMs, computeMs, memory, records);
}

function report(p: AbraxasTickParams, caseMs: number[], floorMs: number[], computeMs: number[], memory: MemoryTracker, records: number): CaseReport {
  const n = p.ticks;
  const window = windowOf(n);
  const id = `abraxas_tick.${p.api}${p.metrics === true ? '.metrics' : ''}.${p.fsync ? 'fsync' : 'no_fsync'}`;
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const first = median(caseMs.slice(0, window));
  const last = median(caseMs.slice(n - window));
  const floorFirst = median(floorMs.slice(0, window));
  const floorLast = median(floorMs.slice(n - window));
  const computed = median(computeMs);
  const floorMedian = median(floorMs);
  const mem = memory.summary();
  const retained = mem.retained.filter((s) => s.ticks > 0);
  // The retained heap at a fifth of the run (2,000 of 10,000 ticks) against the end.
  const early = retained.find((s) => s.ticks >= 2 * window) ?? retained[0];
  const end = retained[retained.length - 1];
  const growth = early !== undefined && end !== undefined ? ratio(end.heap_mb, early.heap_mb) : 1;
  const heapSlope = retained.length >= 2 ? slope(retained.map((s) => s.ticks), retained.map((s) => s.heap_mb)) * 1024 * 1000 : 0;
  const api = p.api === 'one_call' ? 'abraxasTick (one call per tick)' : 'openRun handle';
  const fsync = p.fsync ? 'fsync on (default)' : 'fsync off';
  const label = `${api}${p.metrics === true ? ' with a metric' : ''}, ${thousands(n)} ticks, ${fsync}`;
  const checks: Check[] = [
    check(`${id}.last_over_first`, `${label}: per-tick median, last ${thousands(window)} ticks over first ${thousands(window)}`, ratio(last, first), 'x', p.growthTarget),
    check(`${id}.max_rss`, `${label}: peak RSS of the process`, mem.max_rss_mb, 'MB', p.memoryTargetMb),
    check(`${id}.peak_heap`, `${label}: peak heap in use`, mem.peak_heap_mb, 'MB', p.memoryTargetMb),
    check(
      `${id}.heap_growth`,
      `${label}: heap after GC at ${thousands(end?.ticks ?? n)} ticks over at ${thousands(early?.ticks ?? n)}`,
      growth,
      'x',
      p.growthTarget,
    ),
  ];
  return {
    measurements: [
      summarise({
        id,
        label: `${label}, per tick`,
        floor: `per record: write a file of the same size to a temporary name, append a line of the same length to a log, rename${p.fsync ? '; fsync file, fdatasync log, fsync folder' : '; no fsync'}`,
        samples: caseMs,
        floorSamples: floorMs,
        targetRatio: p.targetRatio,
        extra: {
          ticks: n,
          records,
          ticks_per_s: n / (sum(caseMs) / 1000),
          floor_ticks_per_s: n / (sum(floorMs) / 1000),
          first_window_ms: first,
          last_window_ms: last,
          floor_last_over_first: ratio(floorLast, floorFirst),
          compute_ms: computed,
          ledger_ratio: ratio(Math.max(0, median(caseMs) - computed), floorMedian),
          max_rss_mb: mem.max_rss_mb,
          peak_rss_mb: mem.peak_rss_mb,
          peak_heap_mb: mem.peak_heap_mb,
          retained_heap_start_mb: mem.retained[0]?.heap_mb ?? 0,
          retained_heap_early_mb: early?.heap_mb ?? 0,
          retained_heap_end_mb: end?.heap_mb ?? 0,
          rss_early_mb: early?.rss_mb ?? 0,
          rss_end_mb: end?.rss_mb ?? 0,
          retained_heap_slope_kb_per_1000_ticks: heapSlope,
        },
      }),
    ],
    checks,
  };
}
