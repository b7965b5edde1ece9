/**
 * A manifest record a backend kept as text (a database column, a line it stored), read back: it must
 * parse, pass every rule of a journal line (shape, path, a writable `extra`) and be its own canonical
 * text, or it is damage, an `ArtifactCorruptError` naming the record.
 * Owns: `parseStoredRecord`. Must not: do IO.
 */
import { ArtifactCorruptError } from '../errors.js';
import { parseJournalLine } from '../record-check.js';
import type { ManifestRecord } from '../records.js';

/** The record `text` holds for `path` of run `runId`; `ArtifactCorruptError` for anything else. */
export function parseStoredRecord(fn: string, runId: string, path: string, text: string): ManifestRecord {
  // A journal line's check, with its fast path for records already in canonical form.
  const record = parseJournalLine(text, runId);
  if (typeof record === 'string') throw new ArtifactCorruptError(fn, path, `has a stored record that ${record}`);
  if (record.path !== path) throw new ArtifactCorruptError(fn, path, `has a stored record for another path, ${JSON.stringify(record.path)}`);
  return record;
}
