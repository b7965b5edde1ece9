/**
 * One tick end to end: run the plan through the scheduler, then — strictly after — seal the
 * tick's TrendPack (`viz/<run_id>/<tick:06d>.trendpack.json`, kind `trendpack`, schema
 * `TrendPack.v0`, extra `{mode, ers}`) and RunIndex (`run_index/<run_id>/<tick:06d>.runindex.json`,
 * kind `runindex`, schema `RunIndex.v0`, extra `{mode}`), and return the reference's tick result.
 * In a run with metrics, the metrics' states are settled before the tick (their tasks join it in
 * the lanes their stages give), their decisions after it, and the decision record
 * (`promotion/<run_id>/<tick:06d>.promotion.json`, kind `promotion`, schema `PromotionDecision.v0`,
 * extra `{mode}`) goes between the TrendPack, which it cites, and the RunIndex, which cites both.
 * The cited hashes are those of the canonical bytes, computed before writing, and the tick's
 * artifacts are sealed as ONE batch (`ArtifactStore.writeBatch`, whose records come back by path): a repeat of a
 * tick is either wholly idempotent or refused whole, nothing written. A tick whose batch never
 * resolved (a crash) is completed by running it again.
 * Owns: the order of execution and emission. Must not: validate input (tick-plan.ts and identity.ts do).
 */
import type { ArtifactStore, BatchResult, ManifestRecord, WriteJsonOptions } from '@abraxas/artifacts';
import { runIndexRelPath, trendpackRelPath } from '@abraxas/artifacts';
import { canonicalJsonBytes, sha256Hex } from '@abraxas/ers';
import { ersTraceToTrendpack } from '@abraxas/viz';
import { RuntimeStoreError } from './errors.js';
import { fsPathOf, type Identity } from './identity.js';
import { explainConflict } from './tick-conflict.js';
import { buildPromotionRecord, PROMOTION_KIND, PROMOTION_SCHEMA, promotionRelPath } from './promotion-record.js';
import { decidePromotions, preparePromotion, type PromotionRun } from './promotion-tick.js';
import { ERS_VERSION, RUN_INDEX_KIND, TRENDPACK_KIND, TRENDPACK_SCHEMA } from './record-kinds.js';
import { buildRunIndex, RUN_INDEX_SCHEMA } from './run-index.js';
import { runPlan, type TickPlan } from './tick-plan.js';
import type { TickPromotion, TickResult, TickResults } from './types.js';


/**
 * Runs the tick and seals its artifacts. `promotion` is the run's promotion settings and ledger
 * (null without metrics); `fn` names the caller in errors.
 */
export async function executeTick(fn: string, id: Identity, store: ArtifactStore, plan: TickPlan, promotion: PromotionRun | null): Promise<TickResult> {
  const prepared = promotion === null ? null : await preparePromotion(fn, promotion, plan);
  const out = await runPlan(plan, prepared?.tasks ?? []);
  const decisions = prepared === null ? null : await decidePromotions(prepared, plan, out);
  const { runId, mode } = id;
  const tick = out.tick;

  const trendpack = ersTraceToTrendpack({
    trace: out.trace,
    runId,
    tick,
    provenance: { engine: 'abraxas', mode, ers: ERS_VERSION },
  });
  // Artifacts are stored as their canonical JSON bytes, so the hashes the later ones cite are known
  // before anything is written, and the tick's artifacts go to disk as one batch.
  const tpRelPath = trendpackRelPath(runId, tick);
  const tpSha256 = sha256Hex(canonicalJsonBytes(trendpack));
  const items: WriteJsonOptions[] = [
    { runId, tick, kind: TRENDPACK_KIND, schema: TRENDPACK_SCHEMA, obj: trendpack, relPath: tpRelPath, extra: { mode, ers: ERS_VERSION } },
  ];

  let promo: { readonly result: TickPromotion; readonly relPath: string; readonly sha256: string } | null = null;
  if (prepared !== null && decisions !== null) {
    const record = buildPromotionRecord({
      runId,
      tick,
      mode,
      policy: prepared.setup.policy,
      invarianceRuns: prepared.setup.invarianceRuns,
      trendpackRelPath: tpRelPath,
      trendpackSha256: tpSha256,
      metrics: decisions,
    });
    const relPath = promotionRelPath(runId, tick);
    items.push({ runId, tick, kind: PROMOTION_KIND, schema: PROMOTION_SCHEMA, obj: record, relPath, extra: { mode } });
    const consumed: Record<string, unknown> = {};
    for (const d of decisions) {
      if (d.consumed) consumed[d.metric] = out.results[d.task]?.value;
    }
    promo = { result: { record, consumed }, relPath, sha256: sha256Hex(canonicalJsonBytes(record)) };
  }

  const runindex = buildRunIndex({
    runId,
    tick,
    mode,
    trendpackRelPath: tpRelPath,
    trendpackSha256: tpSha256,
    stats: trendpack.stats,
    promotion: promo === null ? null : { relPath: promo.relPath, sha256: promo.sha256 },
  });
  const riRelPath = runIndexRelPath(runId, tick);
  items.push({ runId, tick, kind: RUN_INDEX_KIND, schema: RUN_INDEX_SCHEMA, obj: runindex, relPath: riRelPath, extra: { mode } });

  const written = await store.writeBatch(items).catch((err: unknown) => explainConflict(fn, store, tick, items, err));
  const tp = recordAt(fn, written, tpRelPath);
  const ri = recordAt(fn, written, riRelPath);
  const pr = promo === null ? null : recordAt(fn, written, promo.relPath);
  if (prepared !== null && decisions !== null && pr !== null) {
    prepared.ledger.accept(tick, { path: pr.path, sha256: pr.sha256, bytes: pr.bytes }, new Map(decisions.map((d) => [d.metric, d.state])));
  }

  return {
    tick,
    run_id: runId,
    mode,
    results: out.results as TickResults, // the plan always schedules the three steps
    remaining: {
      forecast: { ops: out.remaining.forecast.ops, entropy: out.remaining.forecast.entropy },
      shadow: { ops: out.remaining.shadow.ops, entropy: out.remaining.shadow.entropy },
    },
    artifacts: {
      trendpack: fsPathOf(id, tp.path),
      trendpack_sha256: tp.sha256,
      runindex: fsPathOf(id, ri.path),
      runindex_sha256: ri.sha256,
      ...(pr === null ? {} : { promotion: fsPathOf(id, pr.path), promotion_sha256: pr.sha256 }),
    },
    ...(promo === null ? {} : { promotion: promo.result }),
  };
}

/** The batch's record for `relPath`: a store that answers without it breaks the contract. */
function recordAt(fn: string, written: BatchResult, relPath: string): ManifestRecord {
  const record = written.get(relPath);
  if (record === undefined) throw new RuntimeStoreError(fn, relPath, 'was written, but the store did not return its record');
  return record;
}
