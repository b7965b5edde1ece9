/**
 * `RunIndex.v0` (kind `runindex`, extra `{mode}`, JSON Schema `schemas/runindex.v0.schema.json`):
 * one per tick, citing the tick's TrendPack and every record sealed with it (`refs.<name>`,
 * `hashes.<name>_sha256`); the reference's fields, with `refs` relative and a copy of the `stats`.
 * Owns: the RunIndex's type, names, path rule, builder, stats reader and reference rule. Must not: do IO.
 */
import { tickFileName, type RecordReference, type RecordReferences, type StoreWrite } from '@abraxas/artifacts';
import type { TrendPackStats } from '@abraxas/viz';
import type { RecordAddress } from '../tick-hook.js';
import { isPlainObject } from '../validate.js';

/** Manifest kind of a tick's RunIndex. */
export const RUN_INDEX_KIND = 'runindex';
export const RUN_INDEX_SCHEMA = 'RunIndex.v0';

/**
 * `RunIndex.v0`, one per tick at `run_index/<run_id>/<tick:06d>.runindex.json`. The reference's
 * fields, with `refs` relative to the artifacts folder, plus `stats`: a copy of the TrendPack's
 * stats so that a run can be queried from its index alone (this project's documented extension).
 */
export interface RunIndex {
  readonly schema: 'RunIndex.v0';
  readonly run_id: string;
  readonly tick: number;
  /** `promotion` (and `hashes.promotion_sha256`) only in a run with metrics, `results` only with `sealResults`, `header` only with `runHeader`. */
  readonly refs: { readonly trendpack: string; readonly promotion?: string; readonly results?: string; readonly header?: string };
  readonly hashes: {
    readonly trendpack_sha256: string;
    readonly promotion_sha256?: string;
    readonly results_sha256?: string;
    readonly header_sha256?: string;
  };
  readonly tags: readonly string[];
  readonly provenance: { readonly engine: 'abraxas'; readonly mode: string };
  readonly stats: TrendPackStats;
}

/** `run_index/<runId>/<tick:06d>.runindex.json`: where a run's RunIndex for a tick lives. */
export function runIndexRelPath(runId: string, tick: number): string {
  return `run_index/${runId}/${tickFileName(tick)}.runindex.json`;
}

/** A RunIndex ready for the tick's batch. */
export interface RunIndexWrite {
  readonly relPath: string;
  readonly item: StoreWrite;
}

/** The RunIndex of a tick whose TrendPack is `trendpack`, citing also every record in `refs` under its `ref`. */
export function runIndexWrite(o: {
  readonly runId: string;
  readonly tick: number;
  readonly mode: string;
  readonly trendpack: RecordAddress;
  readonly stats: TrendPackStats;
  readonly refs: readonly (RecordAddress & { readonly ref: string })[];
}): RunIndexWrite {
  const refs: { trendpack: string; [ref: string]: string } = { trendpack: o.trendpack.relPath };
  const hashes: { trendpack_sha256: string; [ref: string]: string } = { trendpack_sha256: o.trendpack.sha256 };
  for (const r of o.refs) {
    refs[r.ref] = r.relPath;
    hashes[`${r.ref}_sha256`] = r.sha256;
  }
  const index = {
    schema: RUN_INDEX_SCHEMA,
    run_id: o.runId,
    tick: o.tick,
    refs,
    hashes,
    tags: [],
    provenance: { engine: 'abraxas', mode: o.mode },
    stats: { ...o.stats },
  } satisfies RunIndex;
  const relPath = runIndexRelPath(o.runId, o.tick);
  return { relPath, item: { runId: o.runId, tick: o.tick, kind: RUN_INDEX_KIND, schema: RUN_INDEX_SCHEMA, obj: index, relPath, extra: { mode: o.mode } } };
}

const STAT_KEYS: readonly (keyof TrendPackStats)[] = [
  'total_events',
  'forecast_events',
  'shadow_events',
  'errors',
  'skipped',
  'ok_events',
];

/** The `stats` of a parsed RunIndex or TrendPack, or null when absent or malformed. */
export function readStats(doc: unknown): TrendPackStats | null {
  if (!isPlainObject(doc) || !isPlainObject(doc.stats)) return null;
  const s = doc.stats;
  const out: Record<string, number> = {};
  for (const k of STAT_KEYS) {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return null;
    out[k] = v;
  }
  return out as unknown as TrendPackStats;
}

/** True for a record holding a RunIndex (any version of the schema). */
export function isRunIndexRecord(record: { readonly schema: string }): boolean {
  return record.schema.startsWith('RunIndex.');
}

const HASH_SUFFIX = '_sha256';

/**
 * The records a parsed RunIndex cites: `refs.<name>` must be a listed artifact whose SHA-256 is
 * `hashes.<name>_sha256`, and every hash must belong to a ref.
 */
export function runIndexReferences(doc: unknown): RecordReferences {
  if (!isPlainObject(doc) || !isPlainObject(doc.refs)) return { references: [], problems: ['is listed as a RunIndex but has no refs object'] };
  const refs = doc.refs;
  const hashes = doc.hashes === undefined ? {} : doc.hashes;
  if (!isPlainObject(hashes)) return { references: [], problems: ['has a hashes field that is not an object'] };
  const references: RecordReference[] = Object.entries(refs).map(([name, path]) => {
    const field = `${name}${HASH_SUFFIX}`;
    return { field: `refs.${name}`, path, sha256: { field: `hashes.${field}`, value: Object.hasOwn(hashes, field) ? hashes[field] : undefined } };
  });
  const problems: string[] = [];
  for (const key of Object.keys(hashes)) {
    const name = key.endsWith(HASH_SUFFIX) ? key.slice(0, -HASH_SUFFIX.length) : null;
    if (name === null) problems.push(`hashes.${key} is not named <ref>${HASH_SUFFIX}`);
    else if (!Object.hasOwn(refs, name)) problems.push(`hashes.${key} has no matching refs.${name}`);
  }
  return { references, problems };
}
