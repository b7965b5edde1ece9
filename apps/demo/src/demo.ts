/**
 * `runDemo`: runs the sample pipeline and its two candidate metrics for N ticks through one run
 * handle, verifies the run, replays its promotion decisions from the ledger, folds its TrendPacks
 * with @abraxas/viz and writes the HTML report beside the artifacts.
 * Owns: the demo's orchestration and its summary data. Must not: print (the CLI does) or render HTML
 * (report/ does).
 */
import { REFERENCE_COSTS, openRun, queryRun, readRunHeader, readTickResults, replayPromotions, verifyRun, type ResultsPack, type RunHeader, type SealedRunStability, type TickResult, type VerifyResult } from '@abraxas/runtime';
import { foldTrendpacks, validateTrendPack, type TrendFold } from '@abraxas/viz';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DemoRunExistsError } from './errors.js';
import { heldTicks } from './existing-run.js';
import { generateInput } from './input.js';
import { demoMetrics } from './metrics.js';
import { auditCostOps, demoPipeline, overlayCostOps, type DemoContext } from './pipeline.js';
import { foldPromotion, type DemoPromotion } from './promotion.js';
import { renderReport } from './report/render.js';
import { sealDemoStability } from './stability.js';

export interface DemoOptions {
  /** The artifacts folder; the report is written there as `report.html`. */
  readonly out: string;
  /** How many ticks to run (ticks 0 … N-1). */
  readonly ticks: number;
  /** Seed of the generated input. */
  readonly seed: number;
  readonly runId: string;
  readonly mode: string;
  /** fsync every write (default true). */
  readonly fsync?: boolean;
  /** The tick whose sealed results the summary and the report show (default: the last). */
  readonly showTick?: number;
  /** Called after each tick. */
  readonly onTick?: (tick: TickResult, done: number, total: number) => void;
}

/** A task that threw, with its message (the TrendPack records the event, the result the message). */
export interface DemoError {
  readonly tick: number;
  readonly task: string;
  readonly message: string;
}

export interface DemoSummary {
  readonly runId: string;
  readonly mode: string;
  readonly seed: number;
  readonly ticks: number;
  /** Ticks the folder already held for this run before (0 for a new run); they were re-checked, not changed. */
  readonly resumedFrom: number;
  readonly fold: TrendFold;
  readonly errors: readonly DemoError[];
  readonly verify: VerifyResult;
  /** The metrics' promotion timelines, replayed from the run's decision records. */
  readonly promotion: DemoPromotion;
  /** The sealed results of the chosen tick (`readTickResults`, checked against the ledger). */
  readonly results: ResultsPack;
  /** The reproducibility verdict, sealed into the run as a `RunStability.v0` record. */
  readonly stability: SealedRunStability;
  /** The run's header (`readRunHeader`, checked against the ledger): the package versions, fingerprint, costs and promotion policy it was written with. */
  readonly header: RunHeader;
  readonly paths: {
    readonly out: string;
    readonly report: string;
    readonly trendpacks: string;
    readonly runIndex: string;
    readonly manifest: string;
    readonly promotion: string;
    readonly results: string;
    readonly header: string;
  };
}

/** The fingerprint the demo's run header records: what, besides the code, decides the run's bytes. */
export function demoFingerprint(seed: number): string {
  return `demo seed ${String(seed)}`;
}

/** Budgets the demo runs with (the reference's), as the fold takes them. */
export const DEMO_BUDGETS = {
  forecast: { ops: REFERENCE_COSTS.budgetForecast.ops, entropy: REFERENCE_COSTS.budgetForecast.entropy },
  shadow: { ops: REFERENCE_COSTS.budgetShadow.ops, entropy: REFERENCE_COSTS.budgetShadow.entropy },
} as const;

/**
 * Runs the demo. A folder that already holds the run with at most `ticks` ticks is continued: its
 * ticks are recomputed and must match what it holds (else `ArtifactConflictError`), and the rest are
 * added. A folder holding more ticks than asked for is refused with `DemoRunExistsError`, before
 * anything is written: the summary and report would otherwise describe only part of the run.
 */
export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const held = await heldTicks(o.out, o.runId);
  if (held > o.ticks) throw new DemoRunExistsError(o.runId, held, o.ticks);
  const errors = await runTicks(o, o.out, o.fsync ?? true, o.onTick);
  const stability = await sealDemoStability(o.out, o.runId, o.seed, async (dir) => {
    await runTicks(o, dir, false);
  });
  const results = await readTickResults({ artifactsDir: o.out, runId: o.runId, tick: o.showTick ?? o.ticks - 1 });
  const header = await readRunHeader({ artifactsDir: o.out, runId: o.runId });

  const verify = await verifyRun(o.out, o.runId);
  // Throws if any decision does not replay from its recorded evidence: the report shows only proven stages.
  const replay = await replayPromotions(o.out, o.runId);
  const promotion = foldPromotion(replay.records.filter((r) => r.tick < o.ticks));
  const index = await queryRun(o.out, o.runId, { toTick: o.ticks - 1 });
  const packs = await Promise.all(index.ticks.map(async (t) => validateTrendPack(JSON.parse(await readFile(t.paths.trendpack, 'utf8')))));
  const fold = foldTrendpacks(packs, { budgets: DEMO_BUDGETS });

  const report = join(o.out, 'report.html');
  const html = renderReport({ fold, runId: o.runId, mode: o.mode, seed: o.seed, rootHash: verify.root_hash, verified: verify.ok, errors, promotion, results, stability, header });
  await mkdir(o.out, { recursive: true });
  const tmp = join(o.out, '.report.html.tmp');
  await writeFile(tmp, html);
  await rename(tmp, report);

  return {
    runId: o.runId,
    mode: o.mode,
    seed: o.seed,
    ticks: o.ticks,
    resumedFrom: held,
    fold,
    errors,
    verify,
    promotion,
    results,
    stability,
    header,
    paths: {
      out: o.out,
      report,
      trendpacks: join(o.out, 'viz', o.runId),
      runIndex: join(o.out, 'run_index', o.runId),
      manifest: join(o.out, 'manifests', `${o.runId}.manifest.json`),
      promotion: join(o.out, 'promotion', o.runId),
      results: join(o.out, 'results', o.runId),
      header: join(o.out, 'header', o.runId),
    },
  };
}

/** Runs the demo's ticks into `out` (one run handle, results and a run header sealed); resolves to the tasks that threw. */
async function runTicks(o: DemoOptions, out: string, fsync: boolean, onTick?: DemoOptions['onTick']): Promise<DemoError[]> {
  const run = openRun<DemoContext>({ runId: o.runId, mode: o.mode, artifactsDir: out, fsync, sealResults: true, runHeader: { fingerprint: demoFingerprint(o.seed) }, metrics: demoMetrics() });
  const errors: DemoError[] = [];
  try {
    let baseline: number | null = null;
    let consumed: DemoContext['metrics'] = {};
    for (let tick = 0; tick < o.ticks; tick++) {
      const input = generateInput(o.seed, tick);
      const context: DemoContext = { tick, input, baseline, metrics: consumed };
      const r = await run.tick({
        tick,
        context,
        ...demoPipeline,
        forecastCostOps: { overlay: overlayCostOps(input) },
        shadowCostOps: { audit: auditCostOps(input) },
      });
      for (const res of Object.values(r.results)) {
        if (res.status === 'error') errors.push({ tick, task: res.name, message: res.error ?? '' });
      }
      const signal = r.results['oracle:signal'];
      baseline = signal.status === 'ok' ? (signal.value as { mean: number }).mean : null;
      consumed = r.promotion?.consumed ?? {};
      onTick?.(r, tick + 1, o.ticks);
    }
  } finally {
    await run.close();
  }

  return errors;
}
