/**
 * The dozen-run invariance gate: build a tick's trace N times (12 by default), hash each
 * canonical trace, and pass iff every hash equals the first. On drift, report the first
 * mismatching run and the first diverging event against run 0 (the reference's report exactly:
 * `{ event_index, diff: { a, b } }`, or `{ _len: n }` records when one trace is a prefix of the other).
 * Owns: the gate. Must not: know how traces are made (that is `makeTrace`'s job).
 */
import { ErsValidationError } from './errors.js';
import { type CanonicalTraceEvent, canonicalEventJson, canonicalizeTrace, traceHashSha256 } from './trace.js';
import type { TraceEvent } from './types.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { requireFunction, requireObject } from './validate.js';

/** One side of a divergence: a canonical event, or the length of a trace that ran out. */
export type DivergenceSide = CanonicalTraceEvent | { readonly _len: number };

export interface Divergence {
  readonly event_index: number;
  readonly diff: { readonly a: DivergenceSide; readonly b: DivergenceSide };
}

/** The gate's verdict (a hashed/printed record: snake_case fields). */
export interface InvarianceResult {
  readonly ok: boolean;
  readonly expected_hash: string;
  readonly hashes: readonly string[];
  readonly first_mismatch_index: number | null;
  readonly divergence: Divergence | null;
}

export interface InvarianceGateOptions {
  readonly makeTrace: (runIndex: number) => readonly TraceEvent[];
  /** Number of runs, default 12; at least 2 (a gate compares runs). */
  readonly runs?: number;
}

export interface InvarianceGateAsyncOptions {
  readonly makeTrace: (runIndex: number) => Promise<readonly TraceEvent[]> | readonly TraceEvent[];
  readonly runs?: number;
}

/** Runs `makeTrace(i)` for i in 0..runs-1 and compares the trace hashes. */
export function dozenRunInvarianceGate(options: InvarianceGateOptions): InvarianceResult {
  const fn = 'dozenRunInvarianceGate';
  const runs = checkOptions(fn, options);
  const traces: (readonly TraceEvent[])[] = [];
  for (let i = 0; i < runs; i++) traces.push(options.makeTrace(i));
  return judge(fn, traces);
}

/** `dozenRunInvarianceGate` for async trace builders; runs one at a time, in order. */
export async function dozenRunInvarianceGateAsync(options: InvarianceGateAsyncOptions): Promise<InvarianceResult> {
  const fn = 'dozenRunInvarianceGateAsync';
  const runs = checkOptions(fn, options);
  const traces: (readonly TraceEvent[])[] = [];
  for (let i = 0; i < runs; i++) traces.push(await options.makeTrace(i));
  return judge(fn, traces);
}

/** First diverging event between two canonical traces, or null if they are equal. */
export function firstDivergence(a: readonly CanonicalTraceEvent[], b: readonly CanonicalTraceEvent[]): Divergence | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ea = a[i] as CanonicalTraceEvent;
    const eb = b[i] as CanonicalTraceEvent;
    if (canonicalEventJson(ea, i) !== canonicalEventJson(eb, i)) return { event_index: i, diff: { a: ea, b: eb } };
  }
  if (a.length !== b.length) return { event_index: n, diff: { a: { _len: a.length }, b: { _len: b.length } } };
  return null;
}

const GATE_OPTIONS = optionKeys<InvarianceGateOptions>({ makeTrace: true, runs: true });

function checkOptions(fn: string, options: { makeTrace: unknown; runs?: unknown }): number {
  requireObject(fn, 'options', options);
  requireKnownKeys(fn, options, GATE_OPTIONS);
  requireFunction(fn, 'makeTrace', options.makeTrace);
  const runs = options.runs ?? 12;
  if (typeof runs !== 'number' || !Number.isSafeInteger(runs) || runs < 2) {
    throw new ErsValidationError(fn, 'runs', 'must be a safe integer of at least 2 (a gate compares at least two runs)', runs);
  }
  return runs;
}

function judge(fn: string, traces: readonly (readonly TraceEvent[])[]): InvarianceResult {
  const hashes = traces.map((trace, i) => {
    if (!Array.isArray(trace)) throw new ErsValidationError(fn, `makeTrace(${i})`, 'must return an array of trace events', trace);
    return traceHashSha256(trace);
  });
  const expected = hashes[0] as string;
  const mismatch = hashes.findIndex((h) => h !== expected);
  if (mismatch === -1) {
    return { ok: true, expected_hash: expected, hashes, first_mismatch_index: null, divergence: null };
  }
  const base = canonicalizeTrace(traces[0] as readonly TraceEvent[]).events;
  const other = canonicalizeTrace(traces[mismatch] as readonly TraceEvent[]).events;
  return {
    ok: false,
    expected_hash: expected,
    hashes,
    first_mismatch_index: mismatch,
    divergence: firstDivergence(base, other),
  };
}
