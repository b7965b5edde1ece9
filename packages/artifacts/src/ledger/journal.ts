/**
 * The journal `manifests/<run>.manifest.log`: the durable truth of a run, one canonical manifest
 * record per line in commit order. Appending a line is the commit point.
 * Owns: splitting journal bytes into checked lines. Must not: do IO.
 */
import { ArtifactCorruptError } from '../errors.js';
import { parseJournalLine } from '../record-check.js';
import type { ManifestRecord } from '../records.js';

/** A journal line with its record and place. */
export interface JournalEntry {
  readonly record: ManifestRecord;
  readonly json: string;
  readonly offset: number;
  readonly length: number;
}

/** Splits journal bytes into complete lines; `complete` is the length up to the last newline. */
export function splitJournal(
  fn: string,
  file: string,
  buf: Buffer,
  runId: string,
): { entries: JournalEntry[]; complete: number } {
  const entries: JournalEntry[] = [];
  const paths = new Set<string>();
  const folders = new Set<string>();
  let pos = 0;
  for (let n = 1; ; n++) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    const json = buf.toString('utf8', pos, nl);
    const record = parseJournalLine(json, runId, folders);
    if (typeof record === 'string') throw new ArtifactCorruptError(fn, file, `line ${String(n)} ${record}`);
    if (paths.has(record.path)) throw new ArtifactCorruptError(fn, file, `line ${String(n)} lists ${JSON.stringify(record.path)} a second time`);
    paths.add(record.path);
    entries.push({ record, json, offset: pos, length: nl - pos });
    pos = nl + 1;
  }
  return { entries, complete: pos };
}
