/**
 * Trace canonicalisation and hashing: `{"events":[...]}` in canonical JSON, hashed with SHA-256.
 * The hot path serialises trace events directly (their shape is fixed), producing exactly the bytes
 * of the generic `canonicalJson` — a property test holds the two together. Anything outside the
 * fixed shape (other `meta` contents) goes through the generic path.
 * Owns: canonicalizeTrace, traceJsonBytes, traceHashSha256. Must not: schedule or run tasks.
 */
import { canonicalJsonAt, utf8 } from './canonical-json.js';
import { ErsValidationError } from './errors.js';
import { sha256Hex } from './hash/sha256.js';
import type { JsonValue, Lane, Status, TraceEvent } from './types.js';
import { isPlainObject, isWellFormed, requireLane, requireName, requireNonNegativeInt } from './validate.js';

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

const STATUSES: ReadonlySet<string> = new Set(['ok', 'skipped_budget', 'error', 'not_computable']);

/** The JSON-safe trace payload `{ events }`, events in execution order as plain records. */
export function canonicalizeTrace(trace: readonly TraceEvent[]): { events: CanonicalTraceEvent[] } {
  const fn = 'canonicalizeTrace';
  requireTrace(fn, trace);
  return { events: trace.map((e, i) => canonicalEvent(fn, e, i)) };
}

/** Canonical JSON bytes of `canonicalizeTrace(trace)`. */
export function traceJsonBytes(trace: readonly TraceEvent[]): Uint8Array {
  return utf8(traceJsonText('traceJsonBytes', trace));
}

/** SHA-256 (lowercase hex) of `traceJsonBytes(trace)`. */
export function traceHashSha256(trace: readonly TraceEvent[]): string {
  return sha256Hex(utf8(traceJsonText('traceHashSha256', trace)));
}

/** Canonical JSON text of one canonical event (used by the invariance gate's divergence report). */
export function canonicalEventJson(event: CanonicalTraceEvent, index: number): string {
  return eventJson('dozenRunInvarianceGate', event, index);
}

function traceJsonText(fn: string, trace: readonly TraceEvent[]): string {
  requireTrace(fn, trace);
  // Fast path: events whose `meta` is one of the two shapes the scheduler writes are rebuilt with
  // keys in canonical order and serialised by one native JSON.stringify. Any other `meta` sends
  // the whole trace through the general path, which sorts keys by code point.
  const events = new Array<CanonicalTraceEvent>(trace.length);
  for (let i = 0; i < trace.length; i++) {
    const e = checkEvent(fn, trace[i], i);
    if (!isSchedulerMeta(e.meta)) return traceJsonTextGeneral(fn, trace);
    events[i] = {
      cost_entropy: e.cost_entropy,
      cost_ops: e.cost_ops,
      lane: e.lane,
      meta: e.meta,
      status: e.status,
      task: e.task,
      tick: e.tick,
    };
  }
  return JSON.stringify({ events });
}

function traceJsonTextGeneral(fn: string, trace: readonly TraceEvent[]): string {
  const parts = new Array<string>(trace.length);
  for (let i = 0; i < trace.length; i++) {
    parts[i] = eventJson(fn, checkEvent(fn, trace[i], i), i);
  }
  return `{"events":[${parts.join(',')}]}`;
}

function requireTrace(fn: string, trace: unknown): asserts trace is readonly TraceEvent[] {
  if (!Array.isArray(trace)) throw new ErsValidationError(fn, 'trace', 'must be an array of trace events', trace);
}

function canonicalEvent(fn: string, e: unknown, i: number): CanonicalTraceEvent {
  const ev = checkEvent(fn, e, i);
  return {
    cost_entropy: ev.cost_entropy,
    cost_ops: ev.cost_ops,
    lane: ev.lane,
    meta: JSON.parse(metaJson(fn, ev.meta, i)) as CanonicalTraceEvent['meta'],
    status: ev.status,
    task: ev.task,
    tick: ev.tick,
  };
}

/** Validates the fixed fields of a trace event; `meta` is validated when serialised. */
function checkEvent(fn: string, e: unknown, i: number): TraceEvent {
  const at = `trace[${i}]`;
  if (!isPlainObject(e)) throw new ErsValidationError(fn, at, 'must be a trace event object', e);
  requireNonNegativeInt(fn, `${at}.tick`, e.tick);
  requireName(fn, `${at}.task`, e.task);
  requireLane(fn, `${at}.lane`, e.lane);
  if (typeof e.status !== 'string' || !STATUSES.has(e.status)) {
    throw new ErsValidationError(fn, `${at}.status`, "must be one of 'ok', 'skipped_budget', 'error', 'not_computable'", e.status);
  }
  requireNonNegativeInt(fn, `${at}.cost_ops`, e.cost_ops);
  requireNonNegativeInt(fn, `${at}.cost_entropy`, e.cost_entropy);
  if (!isPlainObject(e.meta)) throw new ErsValidationError(fn, `${at}.meta`, 'must be a plain object', e.meta);
  return e as unknown as TraceEvent;
}

function eventJson(fn: string, e: TraceEvent, i: number): string {
  return (
    `{"cost_entropy":${e.cost_entropy},"cost_ops":${e.cost_ops},"lane":"${e.lane}","meta":${metaJson(fn, e.meta, i)},` +
    `"status":"${e.status}","task":${JSON.stringify(e.task)},"tick":${e.tick}}`
  );
}

/** `{ tags: string[] }` or `{ reason: string }`, plain, dense and well-formed: safe for JSON.stringify. */
function isSchedulerMeta(meta: TraceEvent['meta']): boolean {
  const keys = Object.keys(meta);
  if (keys.length !== 1 || Object.getPrototypeOf(meta) !== Object.prototype) return false;
  if (keys[0] === 'reason') return typeof meta.reason === 'string' && isWellFormed(meta.reason);
  if (keys[0] !== 'tags') return false;
  const tags = meta.tags;
  if (!Array.isArray(tags) || Object.getPrototypeOf(tags) !== Array.prototype) return false;
  const arr = tags as readonly unknown[];
  for (let k = 0; k < arr.length; k++) {
    if (!(k in arr)) return false;
    const t = arr[k];
    if (typeof t !== 'string' || !isWellFormed(t)) return false;
  }
  return true;
}

/** Canonical JSON of any `meta` (used off the fast path). */
function metaJson(fn: string, meta: TraceEvent['meta'], i: number): string {
  return canonicalJsonAt(fn, meta, `trace[${i}].meta`);
}
