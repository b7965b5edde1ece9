/**
 * One tick end to end: the plan (and the hook's tasks) through the scheduler, then, strictly after,
 * the tick's records sealed as ONE batch (TrendPack, ResultsPack, header, the hook's records, and
 * the RunIndex citing them), so a repeated tick is wholly idempotent or refused whole.
 * Owns: the order of execution and emission. Must not: validate input (tick-plan.ts and identity.ts do).
 */
import type { ArtifactStore, BatchResult, ManifestRecord, StoreWrite } from '@abraxas/artifacts';
import { RuntimeStoreError } from './errors.js';
import { requireSameHeader } from './header-resume.js';
import { fsPathOf, type Identity } from './identity.js';
import { resultsPackWrite, type ResultsSettings } from './records/results-pack.js';
import { runIndexWrite } from './records/run-index.js';
import { trendpackWrite } from './records/trendpack.js';
import { explainConflict } from './tick-conflict.js';
import type { HookRecord, HookTick } from './tick-hook.js';
import { runPlan, type TickPlan } from './tick-plan.js';
import type { TickArtifacts, TickResult, TickResults } from './types.js';

/** The records a run seals beyond the TrendPack and the RunIndex (validated run options). */
export interface RunRecords {
  /** How to seal the tick's results, or null for no ResultsPack. */
  readonly results: ResultsSettings | null;
  /** The run's header (cited by every RunIndex), or null for none. */
  readonly header: HookRecord | null;
  /** Whether this tick's batch carries the header (false once the run's handle has sealed it). */
  readonly sealHeader: boolean;
}

/** Runs the tick and seals its artifacts; `hook` is the run's part of this tick, `fn` names the caller in errors. */
export async function executeTick(fn: string, id: Identity, store: ArtifactStore, plan: TickPlan, hook: HookTick, records: RunRecords): Promise<TickResult> {
  const { runId, mode } = id;
  if (records.header !== null && records.sealHeader) await requireSameHeader(fn, store, records.header);
  const added = await hook.before(fn, plan);
  const out = await runPlan(plan, added.tasks);
  const tick = out.tick;

  const trendpack = trendpackWrite(runId, tick, mode, out.trace);
  const results = records.results === null ? [] : [resultsPackWrite(fn, { runId, tick, mode, results: out.results, settings: records.results })];
  const extra = await added.after(out, trendpack);
  const header = records.header === null ? [] : [records.header];
  const cited = [...header, ...results, ...extra.records];
  const runindex = runIndexWrite({ runId, tick, mode, trendpack, stats: trendpack.stats, refs: cited });
  const sealed = records.sealHeader ? cited : cited.filter((r) => r !== records.header);
  const items: StoreWrite[] = [trendpack.item, ...sealed.map((r) => r.item), runindex.item];

  const written = await store.writeBatch(items).catch((err: unknown) => explainConflict(fn, store, tick, items, err));
  const tp = recordAt(fn, written, trendpack.relPath);
  const ri = recordAt(fn, written, runindex.relPath);
  const artifacts: Record<string, string> = {
    trendpack: fsPathOf(id, tp.path),
    trendpack_sha256: tp.sha256,
    runindex: fsPathOf(id, ri.path),
    runindex_sha256: ri.sha256,
  };
  for (const r of sealed) {
    const record = recordAt(fn, written, r.relPath);
    artifacts[r.ref] = fsPathOf(id, record.path);
    artifacts[`${r.ref}_sha256`] = record.sha256;
  }
  // A header sealed by an earlier tick of this handle: its address is the one computed.
  if (records.header !== null && !records.sealHeader) {
    artifacts[records.header.ref] = fsPathOf(id, records.header.relPath);
    artifacts[`${records.header.ref}_sha256`] = records.header.sha256;
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
    artifacts: artifacts as unknown as TickArtifacts, // the hooks' refs are TickArtifacts' optional fields
    ...extra.sealed(written),
  };
}

/** The batch's record for `relPath`: a store that answers without it breaks the contract. */
function recordAt(fn: string, written: BatchResult, relPath: string): ManifestRecord {
  const record = written.get(relPath);
  if (record === undefined) throw new RuntimeStoreError(fn, relPath, 'was written, but the store did not return its record');
  return record;
}
