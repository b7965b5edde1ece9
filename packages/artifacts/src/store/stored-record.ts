/**
 * A manifest record a backend kept as text (a database column, a line it stored), read back: it must
 * parse, pass every rule of a journal line (shape, path, a writable `extra`) and be its own canonical
 * text, or it is damage, an `ArtifactCorruptError` naming the record.
 * Owns: `parseStoredRecord`. Must not: do IO.
 */
import { ArtifactCorruptError } from '../errors.js';
import { checkManifestRecord } from '../record-check.js';
import { recordJson, type ManifestRecord } from '../records.js';

/** The record `text` holds for `path` of run `runId`; `ArtifactCorruptError` for anything else. */
export function parseStoredRecord(fn: string, runId: string, path: string, text: string): ManifestRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArtifactCorruptError(fn, path, 'has a stored record that is not JSON');
  }
  const record = checkManifestRecord(value, runId);
  if (typeof record === 'string') throw new ArtifactCorruptError(fn, path, `has a stored record that ${record}`);
  if (record.path !== path) throw new ArtifactCorruptError(fn, path, `has a stored record for another path, ${JSON.stringify(record.path)}`);
  if (recordJson(record) !== text) throw new ArtifactCorruptError(fn, path, 'has a stored record that is not in canonical form');
  return record;
}
