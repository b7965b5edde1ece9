/**
 * Checks records and manifests read back from disk (or handed in by a caller): the exact
 * `Manifest.v0` shape, relative paths and canonical form. A ledger line that fails is damage.
 * Owns: structural validation of stored records. Must not: do IO.
 */
import type { JsonValue } from '@abraxas/ers';
import { isNonNegativeSafeInt } from '@abraxas/internal';
import { compareRecordKeys, MANIFEST_SCHEMA, makeManifestRecord, recordJson, type Manifest, type ManifestRecord } from './records.js';
import { canonicalTextOf, isPlainObject, isValidKind, isValidRelPathIn, isValidRunId, isValidSchemaName, KIND_RULE, relPathProblem, SCHEMA_RULE } from './validate.js';

const HEX64 = /^[0-9a-f]{64}$/;
const RECORD_KEYS = new Set(['tick', 'kind', 'schema', 'path', 'sha256', 'bytes', 'extra']);

/** The stored record, or a description of what is wrong with it. */
export function checkManifestRecord(value: unknown, runId: string | null): ManifestRecord | string {
  if (!isPlainObject(value)) return 'is not an object';
  for (const key of Object.keys(value)) if (!RECORD_KEYS.has(key)) return `has an unknown field ${JSON.stringify(key)}`;
  const { tick, kind, schema, path, sha256, bytes, extra } = value;
  if (typeof tick !== 'number' || !Number.isSafeInteger(tick) || tick < 0) return 'has a tick that is not a non-negative safe integer';
  if (!isValidKind(kind)) return `has a kind that ${KIND_RULE}`;
  if (!isValidSchemaName(schema)) return `has a schema that ${SCHEMA_RULE}`;
  if (typeof path !== 'string') return 'has no path';
  const problem = relPathProblem(path, runId);
  if (problem !== null) return `has a path that ${problem.rule}: ${JSON.stringify(path)}`;
  if (typeof sha256 !== 'string' || !HEX64.test(sha256)) return 'has a sha256 that is not 64 lowercase hex digits';
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return 'has a byte count that is not a non-negative safe integer';
  if (extra !== undefined) {
    if (!isPlainObject(extra) || Object.keys(extra).length === 0) return 'has an extra that is not a non-empty object';
    // JSON.parse accepts what canonical JSON refuses: such a record could be neither hashed nor written.
    const written = canonicalTextOf('extra', extra);
    if ('problem' in written) return `has an extra canonical JSON cannot write: ${written.problem}`;
  }
  return makeManifestRecord({ tick, kind, schema, path, sha256, bytes, extra: extra as { readonly [key: string]: JsonValue } | undefined });
}

/**
 * Parses one journal line: the record, or what is wrong (including a non-canonical form). `folders`
 * (see `isValidRelPathIn`) is shared by the lines of one journal.
 */
export function parseJournalLine(line: string, runId: string, folders: Set<string> = new Set()): ManifestRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  const fast = canonicalRecordOf(value, line, runId, folders);
  if (fast !== null) return fast;
  const record = checkManifestRecord(value, runId);
  if (typeof record === 'string') return record;
  if (recordJson(record) !== line) return 'is not in canonical form';
  return record;
}

/** The manifest, or what is wrong with it: shape, run id, record order and unique paths. */
export function checkManifest(value: unknown, runId: string | null): Manifest | string {
  if (!isPlainObject(value)) return 'is not an object';
  if (value.schema !== MANIFEST_SCHEMA) return `has a schema other than ${JSON.stringify(MANIFEST_SCHEMA)}`;
  if (!isValidRunId(value.run_id)) return 'has an invalid run_id';
  if (runId !== null && value.run_id !== runId) return `belongs to run ${JSON.stringify(value.run_id)}`;
  if (!Array.isArray(value.records)) return 'has no records array';
  for (const key of Object.keys(value)) if (key !== 'schema' && key !== 'run_id' && key !== 'records') return `has an unknown field ${JSON.stringify(key)}`;
  const records: ManifestRecord[] = [];
  const paths = new Set<string>();
  for (let i = 0; i < value.records.length; i++) {
    const r = checkManifestRecord(value.records[i], value.run_id);
    if (typeof r === 'string') return `record ${String(i)} ${r}`;
    if (paths.has(r.path)) return `lists ${JSON.stringify(r.path)} twice`;
    paths.add(r.path);
    const prev = records[i - 1];
    if (prev !== undefined && compareRecordKeys(prev, r) > 0) return `record ${String(i)} is out of (tick, kind, schema, path) order`;
    records.push(r);
  }
  return { schema: MANIFEST_SCHEMA, run_id: value.run_id, records };
}

/** The keys of a parsed canonical record line, in the order its text holds them (with and without `extra`). */
const LINE_KEYS = ['bytes', 'extra', 'kind', 'path', 'schema', 'sha256', 'tick'];
const LINE_KEYS_NO_EXTRA = ['bytes', 'kind', 'path', 'schema', 'sha256', 'tick'];

/** True for a string written between quotes as it is (no quote, backslash, control character or surrogate). */
function isPlainText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * The common journal line checked without the general path: `value` (the parse of `line`) has the
 * keys of a record in canonical order, every field passes `checkManifestRecord`'s rules, `extra`
 * (if any) holds only strings needing no escape under keys in code-point order, and the canonical
 * text written from those fields is `line` itself. Then the record is what `checkManifestRecord`
 * returns and `recordJson` of it is `line`; for anything else, null (the general path decides).
 */
function canonicalRecordOf(value: unknown, line: string, runId: string, folders: Set<string>): ManifestRecord | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  const want = keys.length === 7 ? LINE_KEYS : keys.length === 6 ? LINE_KEYS_NO_EXTRA : null;
  if (want === null) return null;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== want[i]) return null;
  const { tick, kind, schema, path, sha256, bytes, extra } = v;
  if (!isNonNegativeSafeInt(tick) || !isNonNegativeSafeInt(bytes) || !isValidKind(kind) || !isValidSchemaName(schema) || typeof path !== 'string' || typeof sha256 !== 'string') return null;
  if (!HEX64.test(sha256) || !isPlainText(schema) || !isValidRelPathIn(path, runId, folders)) return null;
  let extraText = '';
  if (keys.length === 7) {
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return null;
    const e = extra as Record<string, unknown>;
    const names = Object.keys(e);
    if (names.length === 0) return null;
    let prev = '';
    for (let i = 0; i < names.length; i++) {
      const k = names[i] as string;
      const x = e[k];
      // Plain text has no surrogate, so UTF-16 order is code-point order.
      if ((i > 0 && !(prev < k)) || k === '__proto__' || typeof x !== 'string' || !isPlainText(k) || !isPlainText(x)) return null;
      extraText += `${i === 0 ? '{' : ','}"${k}":"${x}"`;
      prev = k;
    }
    extraText = `"extra":${extraText}},`;
  }
  const text = `{"bytes":${String(bytes)},${extraText}"kind":"${kind}","path":"${path}","schema":"${schema}","sha256":"${sha256}","tick":${String(tick)}}`;
  if (text !== line) return null;
  return keys.length === 7 ? { tick, kind, schema, path, sha256, bytes, extra: extra as { readonly [key: string]: JsonValue } } : { tick, kind, schema, path, sha256, bytes };
}
