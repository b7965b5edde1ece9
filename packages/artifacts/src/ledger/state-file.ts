/**
 * The state file `manifests/<run>.manifest.state`: what a writer knows of the run's ledger (sizes,
 * record count, boot id, the manifest's last records with their offsets), so a fresh writer appends
 * without reading the ledger. Its bytes are `<sha256 of body> <body bytes>\n<body>`, written in
 * place from offset 0 (no truncation, no rename: bytes after the body are left-overs of a longer
 * earlier state); a write torn by a crash fails the checksum and sends the next opener to recovery.
 * Owns: the ledger state and the state file's format. Must not: do IO.
 */
import { sha256Hex } from '@abraxas/ers';
import type { RecordKey } from '../records.js';
import { keyOf, TAIL_RECORDS, type TailEntry } from './manifest-tail.js';

/** What a writer knows about a run's ledger; consistent with the files while the lock is held. */
export interface LedgerState {
  readonly journalBytes: number;
  /** Size, inode and change time of the journal, the manifest and the index as last left. */
  readonly marks: string;
  readonly records: number;
  readonly manifestBytes: number;
  readonly tail: readonly TailEntry[];
}

export const EMPTY_STATE: LedgerState = { journalBytes: 0, marks: '', records: 0, manifestBytes: 0, tail: [] };

/** The state file's body. */
interface StateFile {
  format: 1;
  run_id: string;
  boot: string;
  journal_bytes: number;
  records: number;
  manifest_bytes: number;
  tail: { offset: number; json: string }[];
}

/** A state file's checked contents, or null when it is torn, foreign or of another run. */
export function decodeState(raw: Buffer, runId: string): { boot: string; state: Omit<LedgerState, 'marks'> } | null {
  const nl = raw.indexOf(0x0a);
  const m = /^([0-9a-f]{64}) (\d+)$/.exec(raw.toString('latin1', 0, Math.max(nl, 0)));
  if (nl < 0 || m === null) return null;
  const body = raw.subarray(nl + 1, nl + 1 + Number(m[2]));
  if (body.length !== Number(m[2]) || sha256Hex(body) !== m[1]) return null;
  let v: Partial<StateFile>;
  try {
    v = JSON.parse(body.toString('utf8')) as Partial<StateFile>;
  } catch {
    return null;
  }
  if (v.format !== 1 || v.run_id !== runId || typeof v.boot !== 'string') return null;
  if (typeof v.journal_bytes !== 'number' || typeof v.records !== 'number' || typeof v.manifest_bytes !== 'number') return null;
  if (!Array.isArray(v.tail) || v.tail.length !== Math.min(v.records, TAIL_RECORDS)) return null;
  for (const t of v.tail) if (typeof t.offset !== 'number' || typeof t.json !== 'string') return null;
  let tail: TailEntry[];
  try {
    tail = v.tail.map((t) => ({ offset: t.offset, json: t.json, quoted: JSON.stringify(t.json), key: keyOf(JSON.parse(t.json) as RecordKey) }));
  } catch {
    return null;
  }
  return { boot: v.boot, state: { journalBytes: v.journal_bytes, records: v.records, manifestBytes: v.manifest_bytes, tail } };
}

/**
 * The state file's bytes for `state`, written on boot `boot`: the body is `JSON.stringify` of a
 * `StateFile` (keys in its declared order), assembled from the tail entries' string literals made
 * when each entry joined the tail, so a batch quotes only its own records.
 */
export function encodeState(runId: string, boot: string, state: Omit<LedgerState, 'marks'>): Buffer {
  const head: Omit<StateFile, 'tail'> = { format: 1, run_id: runId, boot, journal_bytes: state.journalBytes, records: state.records, manifest_bytes: state.manifestBytes };
  const tail = state.tail.map((t) => `{"offset":${JSON.stringify(t.offset)},"json":${t.quoted}}`).join(',');
  const body = Buffer.from(`${JSON.stringify(head).slice(0, -1)},"tail":[${tail}]}`, 'utf8');
  return Buffer.concat([Buffer.from(`${sha256Hex(body)} ${String(body.length)}\n`, 'latin1'), body]);
}
