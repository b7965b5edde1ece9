/**
 * The state file `manifests/<run>.manifest.state`: what a writer knows of the run's ledger (sizes,
 * record count, boot id, the manifest's last records with their offsets), so a fresh writer appends
 * without reading the ledger. Its bytes are `<sha256 of body> <body bytes>\n<body>`, written in
 * place from offset 0 (no truncation, no rename: bytes after the body are left-overs of a longer
 * earlier state); a write torn by a crash fails the checksum and sends the next opener to recovery.
 * The body is a JSON head on its first line, then one line per tail record: `<offset> <record JSON>`
 * (canonical JSON holds no raw newline), so neither reading nor writing it quotes or parses a record.
 * Owns: the ledger state and the state file's format. Must not: do IO.
 */
import { sha256Hex } from '@abraxas/ers';
import { TailEntry, TAIL_RECORDS } from './manifest-tail.js';

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

/** The state file's first body line. (Format 1 held the tail as JSON strings inside it; such a file is not trusted, and the run recovers once.) */
interface StateHead {
  format: 2;
  run_id: string;
  boot: string;
  journal_bytes: number;
  records: number;
  manifest_bytes: number;
  tail: number;
}

const OFFSET = /^(0|[1-9]\d{0,15}) /;

/** A state file's checked contents, or null when it is torn, foreign, of another format or of another run. */
export function decodeState(raw: Buffer, runId: string): { boot: string; state: Omit<LedgerState, 'marks'> } | null {
  const nl = raw.indexOf(0x0a);
  const m = /^([0-9a-f]{64}) (\d+)$/.exec(raw.toString('latin1', 0, Math.max(nl, 0)));
  if (nl < 0 || m === null) return null;
  const body = raw.subarray(nl + 1, nl + 1 + Number(m[2]));
  if (body.length !== Number(m[2]) || sha256Hex(body) !== m[1]) return null;
  const lines = body.toString('utf8').split('\n');
  let head: unknown;
  try {
    head = JSON.parse(lines[0] as string);
  } catch {
    return null;
  }
  // Valid JSON that is not an object (`null`, a number) is no head either.
  if (typeof head !== 'object' || head === null) return null;
  const v = head as Partial<StateHead>;
  if (v.format !== 2 || v.run_id !== runId || typeof v.boot !== 'string') return null;
  if (!isCount(v.journal_bytes) || !isCount(v.records) || !isCount(v.manifest_bytes)) return null;
  const n = Math.min(v.records, TAIL_RECORDS);
  // The head, n tail lines, each ending in a newline (the last split piece is empty).
  if (v.tail !== n || lines.length !== n + 2 || lines[n + 1] !== '') return null;
  const tail: TailEntry[] = [];
  let previous = -1;
  for (let i = 1; i <= n; i++) {
    const line = lines[i] as string;
    const o = OFFSET.exec(line);
    if (o === null) return null;
    const offset = Number(o[1]);
    const json = line.slice(o[0].length);
    if (offset <= previous || offset >= v.manifest_bytes || !json.startsWith('{') || !json.endsWith('}')) return null;
    previous = offset;
    tail.push(new TailEntry(offset, json));
  }
  return { boot: v.boot, state: { journalBytes: v.journal_bytes, records: v.records, manifestBytes: v.manifest_bytes, tail } };
}

/** The state file's bytes for `state`, written on boot `boot`. */
export function encodeState(runId: string, boot: string, state: Omit<LedgerState, 'marks'>): Buffer {
  const head: StateHead = {
    format: 2,
    run_id: runId,
    boot,
    journal_bytes: state.journalBytes,
    records: state.records,
    manifest_bytes: state.manifestBytes,
    tail: state.tail.length,
  };
  let text = `${JSON.stringify(head)}\n`;
  for (const t of state.tail) text += `${String(t.offset)} ${t.json}\n`;
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${sha256Hex(body)} ${String(body.length)}\n`, 'latin1'), body]);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
