/**
 * One tick end to end: run the plan through the scheduler, then — strictly after — seal the
 * tick's TrendPack (`viz/<run_id>/<tick:06d>.trendpack.json`, kind `trendpack`, schema
 * `TrendPack.v0`, extra `{mode, ers}`) and RunIndex (`run_index/<run_id>/<tick:06d>.runindex.json`,
 * kind `runindex`, schema `RunIndex.v0`, extra `{mode}`), and return the reference's tick result.
 * The TrendPack is written first, and the RunIndex is a function of it and the mode, so a repeat of
 * a tick is either wholly idempotent or refused by the TrendPack's conflict before anything changes.
 * Owns: the order of execution and emission. Must not: validate input (tick-plan.ts and identity.ts do).
 */
import type { ArtifactWriter } from '@abraxas/artifacts';
import { runIndexRelPath, trendpackRelPath } from '@abraxas/artifacts';
import { ersTraceToTrendpack } from '@abraxas/viz';
import type { Identity } from './identity.js';
import { buildRunIndex, RUN_INDEX_SCHEMA } from './run-index.js';
import { runPlan, type TickPlan } from './tick-plan.js';
import type { TickResult } from './types.js';

export const ERS_VERSION = 'v0.2';
export const TRENDPACK_KIND = 'trendpack';
export const TRENDPACK_SCHEMA = 'TrendPack.v0';
export const RUN_INDEX_KIND = 'runindex';

export async function executeTick(id: Identity, writer: ArtifactWriter, plan: TickPlan): Promise<TickResult> {
  const out = await runPlan(plan);
  const { runId, mode } = id;
  const tick = out.tick;

  const trendpack = ersTraceToTrendpack({
    trace: out.trace,
    runId,
    tick,
    provenance: { engine: 'abraxas', mode, ers: ERS_VERSION },
  });
  const tp = await writer.writeJson({
    runId,
    tick,
    kind: TRENDPACK_KIND,
    schema: TRENDPACK_SCHEMA,
    obj: trendpack,
    relPath: trendpackRelPath(runId, tick),
    extra: { mode, ers: ERS_VERSION },
  });

  const runindex = buildRunIndex({ runId, tick, mode, trendpackRelPath: tp.rel_path, trendpackSha256: tp.sha256, stats: trendpack.stats });
  const ri = await writer.writeJson({
    runId,
    tick,
    kind: RUN_INDEX_KIND,
    schema: RUN_INDEX_SCHEMA,
    obj: runindex,
    relPath: runIndexRelPath(runId, tick),
    extra: { mode },
  });

  return {
    tick,
    run_id: runId,
    mode,
    results: out.results,
    remaining: {
      forecast: { ops: out.remaining.forecast.ops, entropy: out.remaining.forecast.entropy },
      shadow: { ops: out.remaining.shadow.ops, entropy: out.remaining.shadow.entropy },
    },
    artifacts: { trendpack: tp.path, trendpack_sha256: tp.sha256, runindex: ri.path, runindex_sha256: ri.sha256 },
  };
}
