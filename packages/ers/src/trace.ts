/**
 * Trace canonicalisation and hashing: `{"events":[...]}` in canonical JSON, hashed with SHA-256.
 * The hot path serialises trace events directly (their shape is fixed), producing exactly the bytes
 * of the generic `canonicalJson` — a property test holds the two together. Anything outside the
 * fixed shape (other `meta` contents) goes through the generic path.
 * Owns: canonicalizeTrace, traceJsonBytes, traceHashSha256. Must not: schedule or run tasks.
 */
import { canonicalJsonAt, JsonReader, utf8 } from './canonical-json.js';
import { ErsValidationError } from './errors.js';
import { digestParts } from '#sha256';
import type { JsonValue, Lane, Status, TraceEvent } from './types.js';
import { isNonNegativeSafeInt, isPlainObject, isWellFormed, requireLane, requireName } from './validate.js';

/** A trace event as a plain record with keys in canonical order. */
export interface CanonicalTraceEvent {
  readonly cost_entropy: number;
  readonly cost_ops: number;
  readonly lane: Lane;
  readonly meta: { readonly [key: string]: JsonValue };
  readonly status: Status;
  readonly task: string;
  readonly tick: number;
}

/** The JSON-safe trace payload `{ events }`, events in execution order as fresh plain records. */
export function canonicalizeTrace(trace: readonly TraceEvent[]): { events: CanonicalTraceEvent[] } {
  return { events: readTrace('canonicalizeTrace', trace, new JsonReader('canonicalizeTrace')) };
}

/** Canonical JSON bytes of `canonicalizeTrace(trace)`. */
export function traceJsonBytes(trace: readonly TraceEvent[]): Uint8Array {
  return utf8(traceJsonParts('traceJsonBytes', trace).join(''));
}

/** SHA-256 (lowercase hex) of `traceJsonBytes(trace)`. */
export function traceHashSha256(trace: readonly TraceEvent[]): string {
  // The parts are well-formed (every string in them was checked): the digest takes them as they are.
  return digestParts(traceJsonParts('traceHashSha256', trace));
}

/** Canonical JSON text of one canonical event (used by the invariance gate's divergence report). */
export function canonicalEventJson(event: CanonicalTraceEvent, index: number): string {
  return canonicalJsonAt('dozenRunInvarianceGate', event, `trace[${String(index)}]`);
}

/** Events copied and written per native JSON.stringify: the copies of one chunk die young. */
const CHUNK_EVENTS = 256;

/**
 * The canonical JSON text of `{ events }` in consecutive parts. Each event is read once into a
 * fresh record with keys in canonical order, its `meta` copied by the canonical JSON reader; the
 * text is written from those records alone, a chunk of events per native JSON.stringify (unless
 * some `meta` needs its keys sorted by code point), so only a chunk's text outlives its copies. A
 * bad event throws before anything is returned.
 */
function traceJsonParts(fn: string, trace: readonly TraceEvent[]): string[] {
  const reader = new JsonReader(fn);
  if (!Array.isArray(trace)) throw new ErsValidationError(fn, 'trace', 'must be an array of trace events', trace);
  const n = trace.length;
  const parts = ['{"events":['];
  for (let start = 0; start < n; start += CHUNK_EVENTS) {
    const end = Math.min(n, start + CHUNK_EVENTS);
    const chunk = new Array<CanonicalTraceEvent>(end - start);
    for (let i = start; i < end; i++) chunk[i - start] = readEvent(fn, reader, trace[i], i);
    const text = reader.text(chunk);
    parts.push(start === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
  }
  parts.push(']}');
  return parts;
}

function readTrace(fn: string, trace: unknown, reader: JsonReader): CanonicalTraceEvent[] {
  if (!Array.isArray(trace)) throw new ErsValidationError(fn, 'trace', 'must be an array of trace events', trace);
  const n = trace.length;
  const events = new Array<CanonicalTraceEvent>(n);
  for (let i = 0; i < n; i++) events[i] = readEvent(fn, reader, trace[i], i);
  return events;
}

/** Reads every field of a trace event once, checks it, and copies `meta`. */
function readEvent(fn: string, reader: JsonReader, e: unknown, i: number): CanonicalTraceEvent {
  if (!isPlainObject(e)) throw new ErsValidationError(fn, `trace[${String(i)}]`, 'must be a trace event object', e);
  const { tick, task, lane, status, cost_ops: costOps, cost_entropy: costEntropy, meta } = e;
  if (!isNonNegativeSafeInt(tick)) throw nonNegative(fn, i, 'tick', tick);
  if (typeof task !== 'string' || task.length === 0 || !isWellFormed(task)) requireName(fn, `trace[${String(i)}].task`, task);
  if (lane !== 'forecast' && lane !== 'shadow') requireLane(fn, `trace[${String(i)}].lane`, lane);
  if (status !== 'ok' && status !== 'skipped_budget' && status !== 'error' && status !== 'not_computable') {
    throw new ErsValidationError(fn, `trace[${String(i)}].status`, "must be one of 'ok', 'skipped_budget', 'error', 'not_computable'", status);
  }
  if (!isNonNegativeSafeInt(costOps)) throw nonNegative(fn, i, 'cost_ops', costOps);
  if (!isNonNegativeSafeInt(costEntropy)) throw nonNegative(fn, i, 'cost_entropy', costEntropy);
  if (!isPlainObject(meta)) throw new ErsValidationError(fn, `trace[${String(i)}].meta`, 'must be a plain object', meta);
  return {
    cost_entropy: costEntropy,
    cost_ops: costOps,
    lane,
    meta: reader.copy(meta, 'trace', i, '.meta') as CanonicalTraceEvent['meta'],
    status,
    task,
    tick,
  };
}

function nonNegative(fn: string, i: number, field: string, value: unknown): ErsValidationError {
  return new ErsValidationError(fn, `trace[${String(i)}].${field}`, 'must be a non-negative safe integer', value);
}
