/**
 * The record shapes this package writes and returns, their sort order and their canonical text.
 * Records are snake_case, one shape in memory and on disk (ARCHITECTURE.md, "Record kinds").
 * Owns: `ArtifactRecord`, `ManifestRecord`, `Manifest`, the `(tick, kind, schema, path)` order and
 * the byte layout of a manifest file. Must not: touch the file system.
 */
import { compareCodePoints } from '@abraxas/internal';
import { canonicalJson, type JsonValue } from '@abraxas/ers';

/** Schema name of the per-run manifest ledger. */
export const MANIFEST_SCHEMA = 'Manifest.v0';

/** What `ArtifactWriter.writeJson` returns for one artifact. */
export interface ArtifactRecord {
  /** Schema name of the artifact (e.g. `TrendPack.v0`). */
  readonly schema: string;
  /** The artifacts folder joined with `rel_path`: a path that opens the file. */
  readonly path: string;
  /** Path relative to the artifacts folder, `/`-separated: what hashed files store. */
  readonly rel_path: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  readonly sha256: string;
  /** Size of the file in bytes. */
  readonly bytes: number;
  readonly run_id: string;
  readonly tick: number;
  readonly kind: string;
}

/**
 * One entry of `Manifest.v0`, exactly as stored in `manifests/<run_id>.manifest.json`.
 * `path` is relative to the artifacts folder with `/` separators (never absolute), so the same run
 * writes byte-identical manifests in any folder. `extra` is present only when non-empty.
 */
export interface ManifestRecord {
  readonly tick: number;
  readonly kind: string;
  readonly schema: string;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly extra?: { readonly [key: string]: JsonValue };
}

/** The per-run ledger `Manifest.v0`: records sorted by `(tick, kind, schema, path)`. */
export interface Manifest {
  readonly schema: typeof MANIFEST_SCHEMA;
  readonly run_id: string;
  readonly records: readonly ManifestRecord[];
}

/** The sort key of a manifest record. */
export interface RecordKey {
  readonly tick: number;
  readonly kind: string;
  readonly schema: string;
  readonly path: string;
}

/** Manifest order: tick numerically, then kind, schema and path by Unicode code point. */
export function compareRecordKeys(a: RecordKey, b: RecordKey): number {
  if (a.tick !== b.tick) return a.tick < b.tick ? -1 : 1;
  return compareCodePoints(a.kind, b.kind) || compareCodePoints(a.schema, b.schema) || compareCodePoints(a.path, b.path);
}

/** Builds a manifest record with `extra`'s keys in code-point order (omitted when empty). */
export function makeManifestRecord(o: {
  tick: number;
  kind: string;
  schema: string;
  path: string;
  sha256: string;
  bytes: number;
  extra?: { readonly [key: string]: JsonValue } | undefined;
}): ManifestRecord {
  const base = { tick: o.tick, kind: o.kind, schema: o.schema, path: o.path, sha256: o.sha256, bytes: o.bytes };
  const keys = o.extra === undefined ? [] : Object.keys(o.extra).sort(compareCodePoints);
  if (o.extra === undefined || keys.length === 0) return base;
  const extra: Record<string, JsonValue> = {};
  // defineProperty, not assignment: an own "__proto__" key stays an own key (assignment would set
  // the prototype and drop it).
  for (const k of keys) Object.defineProperty(extra, k, { value: o.extra[k], enumerable: true, writable: true, configurable: true });
  return { ...base, extra };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * True for a string canonical JSON writes between quotes as it is: no quote, backslash or control
 * character (those are escaped) and no UTF-16 surrogate (a lone one is refused). The rest take the
 * general path.
 */
function isPlainText(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * Canonical JSON text of a manifest record (one journal line, one element of `records`): the bytes
 * of `canonicalJson(record)`, written field by field in code-point key order (`bytes`, `extra`,
 * `kind`, `path`, `schema`, `sha256`, `tick`). A string field needing no escape is written between
 * quotes as it is (what canonical JSON writes for it); a record that is not of that plain shape, or
 * with a field needing an escape or holding a surrogate, goes through `canonicalJson` itself.
 */
export function recordJson(record: ManifestRecord): string {
  const { tick, kind, schema, path, sha256, bytes, extra } = record;
  if (
    !isCount(tick) ||
    !isCount(bytes) ||
    !isPlainText(kind) ||
    !isPlainText(schema) ||
    !isPlainText(path) ||
    !isPlainText(sha256) ||
    Object.keys(record).length !== (extra === undefined ? 6 : 7)
  ) {
    return canonicalJson(record);
  }
  const extraText = extra === undefined ? '' : `"extra":${canonicalJson(extra)},`;
  return `{"bytes":${String(bytes)},${extraText}"kind":"${kind}","path":"${path}","schema":"${schema}","sha256":"${sha256}","tick":${String(tick)}}`;
}

/**
 * Byte layout of a manifest file. Canonical JSON sorts the top-level keys, so the file is
 * `{"records":[` + the records' canonical texts joined by `,` + `],"run_id":…,"schema":"Manifest.v0"}`:
 * appending a record rewrites only the suffix.
 */
export const MANIFEST_PREFIX = '{"records":[';

/** The fixed text after the last record of a run's manifest file. */
export function manifestSuffix(runId: string): string {
  return `],"run_id":${canonicalJson(runId)},"schema":${canonicalJson(MANIFEST_SCHEMA)}}`;
}

/** Full canonical text of a manifest whose records are already sorted. */
export function manifestText(runId: string, sortedRecordJsons: readonly string[]): string {
  return MANIFEST_PREFIX + sortedRecordJsons.join(',') + manifestSuffix(runId);
}
