/**
 * `replayPromotions`: proves a run's promotion decisions from its ledger alone, each record
 * checked against the state before it, the evidence its tick's TrendPack shows and `decidePromotion`.
 * Owns: replaying decision records. Must not: write anything.
 */
import { manifestRootHash, type ArtifactStore, type ManifestRecord } from '@abraxas/artifacts';
import { canonicalJson, ErsValidationError } from '@abraxas/ers';
import {
  decidePromotion,
  initialPromotionState,
  isConsumed,
  laneForStage,
  promotionPolicy,
  type PromotionDecision,
  type PromotionPolicy,
  type PromotionState,
} from '@abraxas/ers/promotion';
import { PromotionRecordError } from '../errors.js';
import { TRENDPACK_KIND } from '../records/trendpack.js';
import { optionKeys } from '../option-keys.js';
import { locateRun, locateRunOptions, type RunLocation } from '../run-location.js';
import { readSealedJson } from '../sealed-json.js';
import { isPlainObject } from '../validate.js';
import { metricTaskName } from './metric-tasks.js';
import { checkPromotionRecord, PROMOTION_KIND, promotionRelPath, type MetricDecisionRecord, type PromotionRecord } from './record.js';

const FN = 'replayPromotions';
const OPTIONS = optionKeys<RunLocation>({ artifactsDir: true, store: true, runId: true });

/** What a replay proved. */
export interface PromotionReplay {
  readonly run_id: string;
  /** The run's root hash (`manifestRootHash`) at the time of the replay. */
  readonly root_hash: string;
  /** Every decision record of the run, ascending by tick, each checked. */
  readonly records: readonly PromotionRecord[];
  /** Each metric's state after the run's last decision, by name. */
  readonly states: { readonly [metric: string]: PromotionState };
  /**
   * Ticks whose TrendPack was pruned (`pruneRun`): their decisions are replayed from the evidence
   * the record holds, which could not be checked against the TrendPack's events.
   */
  readonly unchecked_evidence: readonly number[];
}

/**
 * Replays the run's promotion decisions and asserts they match what was written.
 *
 * @example
 * ```ts
 * const r = await replayPromotions({ artifactsDir: './artifacts', runId: 'RUN-001' });
 * r.states.volatility.stage; // e.g. 'promoted'
 * ```
 *
 * Throws `RuntimeValidationError` on bad arguments, `ArtifactNotFoundError` (from
 * @abraxas/artifacts) when the run has no manifest, and `PromotionRecordError` naming the record
 * and metric when anything does not match.
 */
export async function replayPromotions(options: RunLocation): Promise<PromotionReplay>;
/** The earlier positional form, kept for existing callers (deprecated: pass `{ artifactsDir, runId }`). */
export async function replayPromotions(artifactsDir: string, runId: string): Promise<PromotionReplay>;
export async function replayPromotions(first: RunLocation | string, second?: string): Promise<PromotionReplay> {
  const at = typeof first === 'string' ? locateRun(FN, first, undefined, second) : locateRunOptions(FN, first, OPTIONS);
  const { runId, store } = at;
  const manifest = await at.manifest();
  const byPath = new Map(manifest.records.map((r) => [r.path, r]));
  const states = new Map<string, PromotionState>();
  const records: PromotionRecord[] = [];
  const unchecked: number[] = [];
  const pruned = (await store.prunedPaths?.(runId)) ?? new Set<string>();

  for (const listed of manifest.records) {
    if (listed.kind !== PROMOTION_KIND) continue;
    const bad = (detail: string, metric: string | null = null): PromotionRecordError => new PromotionRecordError(FN, listed.path, detail, metric);
    if (listed.path !== promotionRelPath(runId, listed.tick)) throw bad(`is not at ${promotionRelPath(runId, listed.tick)}`);
    const record = checkPromotionRecord(FN, listed.path, await readSealedJson(store, runId, listed, (detail) => new PromotionRecordError(FN, listed.path, detail)), runId, listed.tick);
    const policy = checkPolicy(record, bad);
    const events = await trendpackEvents(store, runId, record, byPath, pruned, bad);
    if (events === null) unchecked.push(record.tick);

    const seen = new Set<string>();
    for (const m of record.metrics) {
      seen.add(m.metric);
      replayMetric(record, m, policy, states.get(m.metric) ?? null, events, (detail) => bad(detail, m.metric));
      states.set(m.metric, m.state);
    }
    for (const metric of states.keys()) {
      if (!seen.has(metric)) throw bad('is missing: a metric stays in every decision record once decided', metric);
    }
    records.push(record);
  }

  return { run_id: runId, root_hash: manifestRootHash(manifest), records, states: Object.fromEntries(states), unchecked_evidence: unchecked };
}

type Bad = (detail: string) => PromotionRecordError;

/** One metric of one record: chain, lane, evidence against the TrendPack, and the decision itself. */
function replayMetric(
  record: PromotionRecord,
  m: MetricDecisionRecord,
  policy: PromotionPolicy,
  previous: PromotionState | null,
  events: readonly TimelineEvent[] | null,
  bad: Bad,
): void {
  const before = m.state_before;
  if (previous === null) {
    if (!same(before, initialPromotionState(m.metric, before.stage))) throw bad('state_before is not an initial state, and no earlier record decided it');
  } else if (!same(before, previous)) {
    throw bad(`state_before is not the state the previous record left (tick ${String(previous.last_tick)})`);
  }
  if (m.task !== metricTaskName(m.metric)) throw bad(`task is not ${metricTaskName(m.metric)}`);
  if (m.lane !== laneForStage(before.stage)) throw bad(`lane ${m.lane} is not the lane of stage ${before.stage}`);

  const e = m.evidence;
  if (!isPlainObject(e) || e.tick !== record.tick) throw bad(`evidence is not of tick ${record.tick}`);
  // Without the TrendPack (pruned), the evidence is taken as the record holds it.
  const mine = events?.filter((ev) => ev.task === m.task) ?? null;
  if (e.status === 'absent') {
    if (mine !== null && mine.length !== 0) throw bad('evidence says absent, but the TrendPack holds its task');
    if (m.gate !== null) throw bad('gate must be null for an absent metric');
  } else {
    if (mine !== null) {
      const ev = mine[0];
      if (mine.length !== 1 || ev === undefined) throw bad(`the TrendPack holds ${mine.length} events of its task, not 1`);
      if (ev.status !== e.status || ev.cost_ops !== e.cost_ops || ev.lane !== m.lane) {
        throw bad(`evidence (${e.status}, ${e.cost_ops} ops, ${m.lane}) is not the TrendPack's event (${ev.status}, ${ev.cost_ops} ops, ${ev.lane})`);
      }
      if (ev.status !== 'skipped_budget' && !ev.tags.includes(`stage:${before.stage}`)) throw bad(`the TrendPack's event is not tagged stage:${before.stage}`);
    }
    const g: unknown = m.gate;
    if (!isPlainObject(g) || g.runs !== record.invariance_runs) throw bad(`gate is not a verdict over ${record.invariance_runs} runs`);
    if (e.invariant !== (g.first_mismatch_index === null)) throw bad('evidence.invariant contradicts the gate verdict');
  }
  if (m.consumed !== (isConsumed(before.stage) && e.status === 'ok')) throw bad(`consumed must be ${String(!m.consumed)}`);

  let d: PromotionDecision;
  try {
    d = decidePromotion(before, e, policy);
  } catch (err) {
    if (err instanceof ErsValidationError) throw bad(`cannot be replayed: ${err.message}`);
    throw err;
  }
  if (d.decision !== m.decision || d.reason !== m.reason || !same(d.state, m.state)) {
    throw bad(`replays to ${d.decision} → ${canonicalJson(d.state)} (${d.reason}), but the record says ${m.decision} → ${canonicalJson(m.state)} (${m.reason})`);
  }
}

/** The record's policy, which must be complete and valid: `promotionPolicy` of it is itself. */
function checkPolicy(record: PromotionRecord, bad: Bad): PromotionPolicy {
  let policy: PromotionPolicy;
  try {
    policy = promotionPolicy(record.policy);
  } catch (err) {
    if (err instanceof ErsValidationError) throw bad(`policy is invalid: ${err.message}`);
    throw err;
  }
  if (!same(policy, record.policy)) throw bad('policy is not a complete promotion policy');
  const runs = record.invariance_runs;
  if (typeof runs !== 'number' || !Number.isSafeInteger(runs) || runs < 2) throw bad('invariance_runs is not an integer of at least 2');
  return policy;
}

interface TimelineEvent {
  readonly task: string;
  readonly lane: string;
  readonly status: string;
  readonly cost_ops: number;
  readonly tags: readonly string[];
}

/** The events of the TrendPack the record cites, after checking it against the manifest; null when it was pruned. */
async function trendpackEvents(
  store: ArtifactStore,
  runId: string,
  record: PromotionRecord,
  byPath: ReadonlyMap<string, ManifestRecord>,
  pruned: ReadonlySet<string>,
  bad: Bad,
): Promise<TimelineEvent[] | null> {
  const refs: unknown = record.refs;
  const hashes: unknown = record.hashes;
  if (!isPlainObject(refs) || typeof refs.trendpack !== 'string' || !isPlainObject(hashes)) throw bad('has no refs.trendpack or hashes');
  const tp = byPath.get(refs.trendpack);
  if (tp?.kind !== TRENDPACK_KIND || tp.tick !== record.tick) {
    throw bad(`refs.trendpack ${JSON.stringify(refs.trendpack)} is not a TrendPack of tick ${record.tick} listed in the manifest`);
  }
  if (hashes.trendpack_sha256 !== tp.sha256) throw bad(`hashes.trendpack_sha256 does not match the manifest's ${tp.sha256}`);
  if (pruned.has(tp.path)) return null;
  const doc = await readSealedJson(store, runId, tp, (detail) => new PromotionRecordError(FN, tp.path, detail));
  if (!isPlainObject(doc) || !Array.isArray(doc.timeline)) throw new PromotionRecordError(FN, tp.path, 'has no timeline');
  return (doc.timeline as unknown[]).map((ev) => {
    if (!isPlainObject(ev) || typeof ev.task !== 'string' || typeof ev.cost_ops !== 'number') throw new PromotionRecordError(FN, tp.path, 'has a malformed event');
    const meta = ev.meta;
    const tags = isPlainObject(meta) && Array.isArray(meta.tags) ? meta.tags.filter((t): t is string => typeof t === 'string') : [];
    return { task: ev.task, lane: String(ev.lane), status: String(ev.status), cost_ops: ev.cost_ops, tags };
  });
}

/** Equal as canonical JSON. */
function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

