/**
 * Checks records and manifests read back from disk (or handed in by a caller): the exact
 * `Manifest.v0` shape, relative paths and canonical form. A ledger line that fails is damage.
 * Owns: structural validation of stored records. Must not: do IO.
 */
import type { JsonValue } from '@abraxas/ers';
import { compareRecordKeys, MANIFEST_SCHEMA, makeManifestRecord, recordJson, type Manifest, type ManifestRecord } from './records.js';
import { isPlainObject, isValidKind, isValidRunId, isValidSchemaName, KIND_RULE, relPathProblem, SCHEMA_RULE } from './validate.js';

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
  if (extra !== undefined && (!isPlainObject(extra) || Object.keys(extra).length === 0)) return 'has an extra that is not a non-empty object';
  return makeManifestRecord({ tick, kind, schema, path, sha256, bytes, extra: extra as { readonly [key: string]: JsonValue } | undefined });
}

/** Parses one journal line: the record, or what is wrong (including a non-canonical form). */
export function parseJournalLine(line: string, runId: string): ManifestRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
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
