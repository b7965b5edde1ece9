/**
 * `RunStability.v0`: the sealed verdict of an invariance check over a run — how many runs were
 * compared, each run's hash, the first divergence, and the state of the run it covers (its ticks
 * and the Merkle root of its records up to them). Sealed at
 * `stability/<run_id>/<to_tick:06d>.<source>.stability.json`, kind `stability`.
 * Owns: the record's shape, builder, checker and path rule, and the root a verdict covers. Must not: do IO.
 */
import { manifestRootHash, tickFileName, type Manifest } from '@abraxas/artifacts';
import type { JsonValue } from '@abraxas/ers';
import { RuntimeValidationError } from '../errors.js';
import { requirePlainObject, requireTick } from '../validate.js';

export const STABILITY_KIND = 'stability';
export const STABILITY_SCHEMA = 'RunStability.v0';

/** Which check produced the verdict: the runtime-level gate or a stabilization window. */
export type StabilitySource = 'runtime_gate' | 'stabilization_window';
export const STABILITY_SOURCES: readonly StabilitySource[] = ['runtime_gate', 'stabilization_window'];

/**
 * The Merkle root of a run's records other than its stability records (those with a tick up to
 * `toTick` when given): what stays the same when a verdict is sealed into the run, so runs of the
 * same ticks compare equal whether or not a verdict was sealed into them, and what a verdict's
 * `covers.root_hash` holds. `manifest` is a run's `Manifest.v0` (`readManifest`); a `toTick` that is
 * not a non-negative safe integer, or a manifest without a records array, is a `RuntimeValidationError`.
 *
 * @example
 * ```ts
 * rootWithoutStability(await readManifest('./artifacts', 'RUN-001')); // the same before and after sealRunStability
 * ```
 */
export function rootWithoutStability(manifest: Manifest, toTick?: number): string {
  const fn = 'rootWithoutStability';
  const given: unknown = manifest;
  requirePlainObject(fn, 'manifest', given);
  if (!Array.isArray(given.records)) throw new RuntimeValidationError(fn, 'manifest.records', 'must be the array of a Manifest.v0 (readManifest)', given.records);
  if (toTick !== undefined) requireTick(fn, 'toTick', toTick);
  const records = manifest.records.filter((r) => r.kind !== STABILITY_KIND && (toTick === undefined || r.tick <= toTick));
  return manifestRootHash({ schema: manifest.schema, run_id: manifest.run_id, records });
}

/** `reproducible`: every run gave run 0's hash; `diverged`: at least one did not. */
export type StabilityVerdict = 'reproducible' | 'diverged';

/** The state of the run a verdict is about: its records with a tick up to `to_tick`. */
export interface StabilityCoverage {
  readonly from_tick: number;
  readonly to_tick: number;
  /** How many of the run's records (other than stability records) have a tick up to `to_tick`. */
  readonly records: number;
  /** The Merkle root (`manifestRootHash`) of those records, in manifest order. */
  readonly root_hash: string;
}

/** A `RunStability.v0` record, exactly as sealed. */
export interface RunStability {
  readonly schema: typeof STABILITY_SCHEMA;
  readonly run_id: string;
  readonly source: StabilitySource;
  /** The scenario (or check) the runs came from, as the check names it. */
  readonly scenario: string;
  readonly runs: number;
  /** Each run's hash, run 0 first. */
  readonly hashes: readonly string[];
  /** Run 0's hash: what every run had to give. */
  readonly expected_hash: string;
  /** The first run whose hash differs from run 0's, or null. */
  readonly first_mismatch_index: number | null;
  /** What the check reported about the first divergence (null when there is none). */
  readonly divergence: JsonValue;
  readonly verdict: StabilityVerdict;
  readonly covers: StabilityCoverage;
}

/** `stability/<runId>/<toTick:06d>.<source>.stability.json`. */
export function stabilityRelPath(runId: string, toTick: number, source: StabilitySource): string {
  return `stability/${runId}/${tickFileName(toTick)}.${source}.stability.json`;
}

/** The record for the given hashes: the verdict and first mismatch follow from them alone. */
export function buildStability(o: {
  readonly runId: string;
  readonly source: StabilitySource;
  readonly scenario: string;
  readonly hashes: readonly string[];
  readonly divergence: JsonValue;
  readonly covers: StabilityCoverage;
}): RunStability {
  const expected = o.hashes[0] as string;
  const mismatch = o.hashes.findIndex((h) => h !== expected);
  return {
    schema: STABILITY_SCHEMA,
    run_id: o.runId,
    source: o.source,
    scenario: o.scenario,
    runs: o.hashes.length,
    hashes: [...o.hashes],
    expected_hash: expected,
    first_mismatch_index: mismatch < 0 ? null : mismatch,
    divergence: mismatch < 0 ? null : o.divergence,
    verdict: mismatch < 0 ? 'reproducible' : 'diverged',
    covers: o.covers,
  };
}

const HASH = /^[0-9a-f]{64}$/;
const KEYS = ['covers', 'divergence', 'expected_hash', 'first_mismatch_index', 'hashes', 'run_id', 'runs', 'scenario', 'schema', 'source', 'verdict'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTick = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Why `doc` is not a consistent `RunStability.v0` record of `runId` (null when it is): the shape,
 * and that the verdict, expected hash and first mismatch are the ones its hashes give.
 */
export function stabilityProblem(doc: unknown, runId: string): string | null {
  if (!isObject(doc)) return 'is not a JSON object';
  const keys = Object.keys(doc).sort();
  if (keys.join() !== KEYS.join()) return `has the fields ${keys.join(', ')}; RunStability.v0 has ${KEYS.join(', ')}`;
  if (doc.schema !== STABILITY_SCHEMA) return `has schema ${JSON.stringify(doc.schema)}, not ${STABILITY_SCHEMA}`;
  if (doc.run_id !== runId) return `belongs to run ${JSON.stringify(doc.run_id)}, not ${JSON.stringify(runId)}`;
  if (!(STABILITY_SOURCES as readonly unknown[]).includes(doc.source)) return `has an unknown source ${JSON.stringify(doc.source)}`;
  if (typeof doc.scenario !== 'string' || doc.scenario.length === 0) return 'has no scenario';
  const hashes = doc.hashes;
  if (!Array.isArray(hashes) || hashes.length < 2 || !hashes.every((h) => typeof h === 'string' && HASH.test(h))) {
    return 'has hashes that are not two or more lowercase hex SHA-256 digests';
  }
  const c = doc.covers;
  if (!isObject(c) || Object.keys(c).sort().join() !== 'from_tick,records,root_hash,to_tick') return 'has no valid covers';
  if (!isTick(c.from_tick) || !isTick(c.to_tick) || c.from_tick > c.to_tick || !isTick(c.records) || c.records === 0) {
    return 'has covers whose ticks or record count are not valid';
  }
  if (typeof c.root_hash !== 'string' || !HASH.test(c.root_hash)) return 'has a covers.root_hash that is not a SHA-256 digest';
  const expected = buildStability({
    runId,
    source: doc.source as StabilitySource,
    scenario: doc.scenario,
    hashes: hashes as string[],
    divergence: doc.divergence as JsonValue,
    covers: c as unknown as StabilityCoverage,
  });
  if (doc.runs !== expected.runs) return `says runs ${JSON.stringify(doc.runs)} but lists ${String(expected.runs)} hashes`;
  if (doc.expected_hash !== expected.expected_hash) return 'has an expected_hash that is not run 0\'s hash';
  if (doc.first_mismatch_index !== expected.first_mismatch_index) return 'has a first_mismatch_index its hashes do not give';
  if (doc.verdict !== expected.verdict) return `says ${JSON.stringify(doc.verdict)}, but its hashes say ${expected.verdict}`;
  if (expected.verdict === 'reproducible' && doc.divergence !== null) return 'is reproducible but records a divergence';
  return null;
}
