/**
 * `ResultsPack.v0`: every task's `TaskResult` of one tick (values included or left out), sealed
 * only in a run with `sealResults` and cited by the RunIndex; a value that cannot be sealed refuses
 * the whole tick. JSON Schema: `schemas/results-pack.v0.schema.json`.
 * Owns: the record's type, options, path rule, builder and checker. Must not: do IO.
 */
import { tickFileName } from '@abraxas/artifacts';
import { canonicalJson, canonicalJsonBytes, sha256Hex, type Lane, type Status, type TaskResult } from '@abraxas/ers';
import { ResultsPackError, RuntimeValidationError } from '../errors.js';
import { didYouMean } from '../option-keys.js';
import type { HookRecord } from '../tick-hook.js';
import { isPlainObject, requireBoolean } from '../validate.js';

export const RESULTS_KIND = 'results';
export const RESULTS_SCHEMA = 'ResultsPack.v0';
/** Default most bytes of one value's canonical JSON. */
const DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
/** Default most bytes of a whole pack's canonical JSON. */
const DEFAULT_MAX_PACK_BYTES = 1024 * 1024;

/** How a run seals its results: `true` for the defaults, or the fields to change. */
export interface SealResultsOptions {
  /** Seal each task's value (default true); false seals statuses, errors and costs only. */
  readonly values?: boolean;
  /** Most bytes of one value's canonical JSON; default 65,536. */
  readonly maxValueBytes?: number;
  /** Most bytes of the whole pack's canonical JSON; default 1,048,576. */
  readonly maxPackBytes?: number;
}

/** One task's result as sealed: `value` is absent when the task returned `undefined` or the run leaves values out. */
export interface SealedTaskResult {
  readonly lane: Lane;
  readonly status: Status;
  readonly error: string | null;
  readonly cost_ops: number;
  readonly cost_entropy: number;
  readonly value?: unknown;
}

/** `ResultsPack.v0`, one per tick of a run with `sealResults`. */
export interface ResultsPack {
  readonly schema: 'ResultsPack.v0';
  readonly run_id: string;
  readonly tick: number;
  readonly provenance: { readonly engine: 'abraxas'; readonly mode: string };
  /** Whether values were sealed. */
  readonly values: boolean;
  /** Every task of the tick, by name. */
  readonly results: { readonly [task: string]: SealedTaskResult };
}

/** Validated `sealResults`. */
export interface ResultsSettings {
  readonly values: boolean;
  readonly maxValueBytes: number;
  readonly maxPackBytes: number;
}

const FIELDS: readonly string[] = ['values', 'maxValueBytes', 'maxPackBytes'];

/** The run's `sealResults` (null when absent or false: no pack). */
export function readResultsOptions(fn: string, input: unknown): ResultsSettings | null {
  if (input === undefined || input === false) return null;
  if (input === true) return { values: true, maxValueBytes: DEFAULT_MAX_VALUE_BYTES, maxPackBytes: DEFAULT_MAX_PACK_BYTES };
  if (!isPlainObject(input)) throw new RuntimeValidationError(fn, 'sealResults', 'must be a boolean or a plain object (values, maxValueBytes, maxPackBytes)', input);
  for (const key of Object.keys(input)) {
    if (!FIELDS.includes(key)) throw new RuntimeValidationError(fn, `sealResults.${key}`, `is not a field of sealResults (${FIELDS.join(', ')})${didYouMean(key, FIELDS)}`);
  }
  const values = input.values ?? true;
  requireBoolean(fn, 'sealResults.values', values);
  const limit = (field: 'maxValueBytes' | 'maxPackBytes', fallback: number): number => {
    const v = input[field] ?? fallback;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new RuntimeValidationError(fn, `sealResults.${field}`, 'must be a positive safe integer (bytes)', v);
    return v;
  };
  return { values, maxValueBytes: limit('maxValueBytes', DEFAULT_MAX_VALUE_BYTES), maxPackBytes: limit('maxPackBytes', DEFAULT_MAX_PACK_BYTES) };
}

/** `results/<runId>/<tick:06d>.results.json`: where a run's ResultsPack for a tick lives. */
export function resultsRelPath(runId: string, tick: number): string {
  return `results/${runId}/${tickFileName(tick)}.results.json`;
}

/** The tick's ResultsPack, ready for its batch; `ResultsPackError` naming the task when a value cannot be sealed. */
export function resultsPackWrite(
  fn: string,
  o: { readonly runId: string; readonly tick: number; readonly mode: string; readonly results: { readonly [task: string]: TaskResult }; readonly settings: ResultsSettings },
): HookRecord {
  const { runId, tick, mode, settings } = o;
  const relPath = resultsRelPath(runId, tick);
  const results: Record<string, SealedTaskResult> = {};
  for (const [task, r] of Object.entries(o.results)) {
    const base = { lane: r.lane, status: r.status, error: r.error, cost_ops: r.cost_ops, cost_entropy: r.cost_entropy };
    results[task] = settings.values && r.value !== undefined ? { ...base, value: sealedValue(fn, relPath, task, r.value, settings.maxValueBytes) } : base;
  }
  const pack: ResultsPack = { schema: RESULTS_SCHEMA, run_id: runId, tick, provenance: { engine: 'abraxas', mode }, values: settings.values, results };
  const bytes = canonicalJsonBytes(pack);
  if (bytes.length > settings.maxPackBytes) {
    throw new ResultsPackError(fn, relPath, `is ${bytes.length} bytes of canonical JSON, over sealResults.maxPackBytes (${settings.maxPackBytes}); nothing was written (raise the limit, or set sealResults.values to false)`);
  }
  return { ref: RESULTS_KIND, relPath, sha256: sha256Hex(bytes), item: { runId, tick, kind: RESULTS_KIND, schema: RESULTS_SCHEMA, obj: pack, relPath, extra: { mode } } };
}

/** The value as canonical JSON holds it (parsed back, so what is sealed is what was measured). */
function sealedValue(fn: string, relPath: string, task: string, value: unknown, max: number): unknown {
  const field = `results[${JSON.stringify(task)}].value`;
  let text: string;
  try {
    text = canonicalJson(value);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ResultsPackError(fn, relPath, `cannot seal ${field}: canonical JSON cannot hold it (${why}); nothing was written (return JSON data, or set sealResults.values to false)`);
  }
  const size = new TextEncoder().encode(text).length;
  if (size > max) throw new ResultsPackError(fn, relPath, `cannot seal ${field}: it is ${size} bytes of canonical JSON, over sealResults.maxValueBytes (${max}); nothing was written`);
  return JSON.parse(text) as unknown;
}

const LANES: readonly unknown[] = ['forecast', 'shadow'];
const STATUSES: readonly unknown[] = ['ok', 'error', 'skipped_budget'];
const RESULT_KEYS: readonly string[] = ['lane', 'status', 'error', 'cost_ops', 'cost_entropy', 'value'];
const PACK_KEYS: readonly string[] = ['schema', 'run_id', 'tick', 'provenance', 'values', 'results'];

/** `doc` as the ResultsPack of `runId` at `tick`: every field checked; `ResultsPackError` naming the field otherwise. */
export function checkResultsPack(fn: string, relPath: string, doc: unknown, runId: string, tick: number): ResultsPack {
  const bad = (detail: string): ResultsPackError => new ResultsPackError(fn, relPath, detail);
  if (!isPlainObject(doc) || doc.schema !== RESULTS_SCHEMA || doc.run_id !== runId || doc.tick !== tick) {
    throw bad(`is not the ${RESULTS_SCHEMA} of run ${JSON.stringify(runId)} tick ${tick}`);
  }
  const extra = Object.keys(doc).find((k) => !PACK_KEYS.includes(k));
  if (extra !== undefined) throw bad(`has an unknown field ${JSON.stringify(extra)}`);
  const p = doc.provenance;
  if (!isPlainObject(p) || p.engine !== 'abraxas' || typeof p.mode !== 'string') throw bad('has no provenance {engine: "abraxas", mode}');
  if (typeof doc.values !== 'boolean') throw bad('values must be a boolean');
  if (!isPlainObject(doc.results)) throw bad('results must be an object of task results by name');
  const cost = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  for (const [task, r] of Object.entries(doc.results)) {
    const at = `results[${JSON.stringify(task)}]`;
    if (!isPlainObject(r)) throw bad(`${at} must be an object`);
    const unknown = Object.keys(r).find((k) => !RESULT_KEYS.includes(k));
    if (unknown !== undefined) throw bad(`${at} has an unknown field ${JSON.stringify(unknown)}`);
    if (!LANES.includes(r.lane)) throw bad(`${at}.lane must be forecast or shadow`);
    if (!STATUSES.includes(r.status)) throw bad(`${at}.status must be ok, error or skipped_budget`);
    if (r.error !== null && typeof r.error !== 'string') throw bad(`${at}.error must be a string or null`);
    if (!cost(r.cost_ops) || !cost(r.cost_entropy)) throw bad(`${at}.cost_ops and cost_entropy must be non-negative safe integers`);
    if (!doc.values && 'value' in r) throw bad(`${at} holds a value, but the pack says values are left out`);
  }
  return doc as unknown as ResultsPack;
}
