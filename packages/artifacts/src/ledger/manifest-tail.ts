/**
 * The derived manifest `manifests/<run>.manifest.json` and its tail: the whole text from sorted
 * records, and the one positioned write that inserts a record among the last `TAIL_RECORDS`.
 * Owns: manifest text layout and tail patch planning (and merging a batch's patches into one write). Must not: do IO.
 */
import { compareRecordKeys, MANIFEST_PREFIX, manifestText, type RecordKey } from '../records.js';

/** How many of the manifest's last records the state keeps for in-place tail patches. */
export const TAIL_RECORDS = 32;

/**
 * One of the manifest's last records, with where its text starts. Its sort key is parsed from its
 * text only when asked for: appending after the last record compares with that record alone.
 */
export class TailEntry {
  #key: RecordKey | undefined;

  constructor(
    /** Byte offset of the record's text in the manifest file. */
    readonly offset: number,
    readonly json: string,
    key?: RecordKey,
  ) {
    this.#key = key;
  }

  /**
   * The record's sort key. A text that is not a record's JSON, or holds no sort key (`{}`: its key
   * would sort before every record), throws a SyntaxError here.
   */
  get key(): RecordKey {
    this.#key ??= keyOfText(this.json);
    return this.#key;
  }

  /** The same record, moved to `offset`. */
  movedTo(offset: number): TailEntry {
    return new TailEntry(offset, this.json, this.#key);
  }
}

/** What a tail patch needs to know of the manifest file. */
export interface ManifestShape {
  readonly records: number;
  readonly manifestBytes: number;
  readonly tail: readonly TailEntry[];
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The sort key of a record. */
export function keyOf(r: RecordKey): RecordKey {
  return { tick: r.tick, kind: r.kind, schema: r.schema, path: r.path };
}

/** The sort key in a record's text; a SyntaxError when it is not JSON or has no sort key. */
function keyOfText(json: string): RecordKey {
  const r = JSON.parse(json) as { [K in keyof RecordKey]?: unknown } | null;
  if (typeof r !== 'object' || r === null || !Number.isSafeInteger(r.tick) || typeof r.kind !== 'string' || typeof r.schema !== 'string' || typeof r.path !== 'string') {
    throw new SyntaxError('a remembered manifest record has no sort key (tick, kind, schema, path)');
  }
  return { tick: r.tick as number, kind: r.kind, schema: r.schema, path: r.path };
}

/**
 * The part of the manifest file `shape` remembers, as it must be there: from the comma before the
 * first remembered record (from the file's start when every record is remembered) to the end, each
 * record at the offset the tail gives it. Null when those offsets do not follow from the records'
 * texts and the manifest's size. Comparing it with the file's bytes (one read of a few KB) is what
 * lets a state file be trusted for a patch: a forged or stale tail never steers one.
 */
export function rememberedRegion(shape: ManifestShape, suffix: string): { position: number; text: string } | null {
  const { tail } = shape;
  const whole = tail.length === shape.records;
  const first = tail[0];
  const prefixBytes = byteLength(MANIFEST_PREFIX);
  if (!whole && (first === undefined || first.offset <= prefixBytes)) return null;
  let offset = whole ? prefixBytes : (first as TailEntry).offset;
  for (const e of tail) {
    if (e.offset !== offset) return null;
    offset += byteLength(e.json) + 1;
  }
  const end = tail.length === 0 ? offset : offset - 1;
  if (end + byteLength(suffix) !== shape.manifestBytes) return null;
  const texts = tail.map((e) => e.json).join(',');
  return whole ? { position: 0, text: `${MANIFEST_PREFIX}${texts}${suffix}` } : { position: (first as TailEntry).offset - 1, text: `,${texts}${suffix}` };
}

/** Sorted records' texts, the manifest text and the tail entries with byte offsets. */
export function materialise(runId: string, entries: readonly { json: string; key: RecordKey }[]): { text: string; tail: TailEntry[] } {
  const sorted = [...entries].sort((a, b) => compareRecordKeys(a.key, b.key));
  const text = manifestText(
    runId,
    sorted.map((e) => e.json),
  );
  const tail: TailEntry[] = [];
  let offset = byteLength(MANIFEST_PREFIX);
  const firstTail = Math.max(0, sorted.length - TAIL_RECORDS);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as { json: string; key: RecordKey };
    if (i >= firstTail) tail.push(new TailEntry(offset, e.json, e.key));
    offset += byteLength(e.json) + 1;
  }
  return { text, tail };
}

/**
 * The one positioned write that inserts `json` into the manifest, when the record sorts after
 * the first of the remembered last records (or the whole manifest is remembered); else null.
 * `suffix` is the run's manifest suffix (`manifestSuffix`).
 */
export function planPatch(state: ManifestShape, suffix: string, key: RecordKey, json: string): { position: number; text: string; tail: TailEntry[] } | null {
  const tail = state.tail;
  if (state.records === 0 || tail.length === 0) return null;
  let i = tail.length;
  while (i > 0 && compareRecordKeys(key, (tail[i - 1] as TailEntry).key) < 0) i--;
  if (i === 0 && tail.length < state.records) return null;
  let position: number;
  let text: string;
  let next: TailEntry[];
  if (i === tail.length) {
    position = state.manifestBytes - byteLength(suffix);
    text = `,${json}${suffix}`;
    next = [...tail, new TailEntry(position + 1, json, key)];
  } else {
    const rest = tail.slice(i);
    const shift = byteLength(json) + 1;
    position = (tail[i] as TailEntry).offset;
    text = `${json},${rest.map((e) => e.json).join(',')}${suffix}`;
    next = [...tail.slice(0, i), new TailEntry(position, json, key), ...rest.map((e) => e.movedTo(e.offset + shift))];
  }
  return { position, text, tail: next.slice(Math.max(0, next.length - TAIL_RECORDS)) };
}

/** A positioned write into the manifest file. */
export interface ManifestPatch {
  readonly position: number;
  readonly text: string;
}

/**
 * Patches planned one after another by `planPatch` as ONE positioned write with the same result.
 * Each patch rewrites the file from its position to its new end (it ends with the suffix), so the
 * merged write starts at the lowest position and holds, from there, what the last patches leave.
 */
export function mergePatches(patches: readonly ManifestPatch[]): { position: number; bytes: Buffer } | null {
  let start = -1;
  let region = Buffer.alloc(0);
  for (const p of patches) {
    const bytes = Buffer.from(p.text, 'utf8');
    if (start < 0 || p.position <= start) {
      start = p.position;
      region = bytes;
    } else {
      region = Buffer.concat([region.subarray(0, p.position - start), bytes]);
    }
  }
  return start < 0 ? null : { position: start, bytes: region };
}
