/**
 * The floor of `traceHashSha256`: the trace's events rebuilt beforehand with their keys already in
 * canonical order, so hashing is one native `JSON.stringify` of `{ events }` and one node:crypto
 * SHA-256 of the text — no validation, no key sorting, no copy.
 * Owns: the trace-hash floor. Must not: use @abraxas/ers's hashing.
 */
import { createHash } from 'node:crypto';
import type { TraceEvent } from '@abraxas/ers';

/** A trace event with its keys in code-point order (`meta` holds one key, so it is in order too). */
export interface OrderedEvent {
  readonly cost_entropy: number;
  readonly cost_ops: number;
  readonly lane: string;
  readonly meta: TraceEvent['meta'];
  readonly status: string;
  readonly task: string;
  readonly tick: number;
}

/** Prepares the floor's input (not timed). */
export function orderedEvents(trace: readonly TraceEvent[]): OrderedEvent[] {
  return trace.map((e) => ({
    cost_entropy: e.cost_entropy,
    cost_ops: e.cost_ops,
    lane: e.lane,
    meta: e.meta,
    status: e.status,
    task: e.task,
    tick: e.tick,
  }));
}

/** SHA-256 (hex) of `{"events":[...]}` as JSON.stringify writes it. */
export function traceHashFloor(events: readonly OrderedEvent[]): string {
  return createHash('sha256').update(JSON.stringify({ events })).digest('hex');
}
