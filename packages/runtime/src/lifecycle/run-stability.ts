/**
 * `sealRunStability` and `readRunStability`: a check's verdict over a run, sealed into the run's
 * ledger as a `RunStability.v0` record, and read back checked against its hash and against the
 * run's records it covers.
 * Owns: writing and reading stability records through the store. Must not: run checks.
 */
import { CanonicalJsonError, canonicalJson, type JsonValue } from '@abraxas/ers';
import type { Manifest, ManifestRecord } from '@abraxas/artifacts';
import { RuntimeValidationError, StabilityRecordError } from '../errors.js';
import { optionKeys, requireKnownKeys } from '../option-keys.js';
import { locateRun, type LocatedRun, type RunLocation } from '../run-location.js';
import { readSealedJson } from '../sealed-json.js';
import { requirePlainObject, requireText, requireTick } from '../validate.js';
import {
  buildStability,
  rootWithoutStability,
  STABILITY_KIND,
  STABILITY_SCHEMA,
  STABILITY_SOURCES,
  stabilityProblem,
  stabilityRelPath,
  type RunStability,
  type StabilityCoverage,
  type StabilitySource,
} from '../records/run-stability.js';

/** What to seal: the check, its runs' hashes (run 0 first) and the ticks it covered. */
export interface SealRunStabilityOptions extends RunLocation {
  readonly source: StabilitySource;
  /** The scenario (or check) the runs came from. */
  readonly scenario: string;
  /** Each run's hash (lowercase hex SHA-256), run 0 first; at least two. */
  readonly hashes: readonly string[];
  /** What the check reports about the first divergence (ignored, and sealed as null, when every hash agrees). */
  readonly divergence?: JsonValue;
  /** The last tick the check covered (default: the run's last tick). */
  readonly toTick?: number;
}

/** A sealed stability record, where it is, and whether the run still holds what it covers. */
export interface SealedRunStability {
  readonly record: RunStability;
  /** Path relative to the store (for a folder: to the artifacts folder), `/`-separated. */
  readonly ref: string;
  readonly sha256: string;
  /**
   * True when the run's records up to `covers.to_tick` still hash to `covers.root_hash` (false
   * when records were added at those ticks after the verdict was sealed).
   */
  readonly current: boolean;
}

const SEAL = 'sealRunStability';
const READ = 'readRunStability';
const HASH = /^[0-9a-f]{64}$/;
const SEAL_OPTIONS = optionKeys<SealRunStabilityOptions>({
  artifactsDir: true,
  store: true,
  runId: true,
  source: true,
  scenario: true,
  hashes: true,
  divergence: true,
  toTick: true,
});
const READ_OPTIONS = optionKeys<RunLocation>({ artifactsDir: true, store: true, runId: true });

/**
 * Seals a check's verdict over run `runId` as a `RunStability.v0` record at its last covered
 * tick: the verdict, expected hash and first mismatch follow from `hashes`; `covers` is taken from
 * the run as it is now. Sealing the same verdict again is idempotent; another verdict for the
 * same source and tick is an `ArtifactConflictError` that changes nothing.
 *
 * @example
 * ```ts
 * const sealed = await sealRunStability({
 *   artifactsDir: './artifacts', runId: 'RUN-001', source: 'runtime_gate', scenario: 'nightly',
 *   hashes: ['ab'.repeat(32), 'ab'.repeat(32)],
 * });
 * sealed.record.verdict; // 'reproducible'
 * ```
 */
export async function sealRunStability(options: SealRunStabilityOptions): Promise<SealedRunStability> {
  requirePlainObject(SEAL, 'options', options);
  requireKnownKeys(SEAL, options, SEAL_OPTIONS);
  const { source, scenario, hashes, divergence = null, toTick } = options;
  if (!(STABILITY_SOURCES as readonly unknown[]).includes(source)) {
    throw new RuntimeValidationError(SEAL, 'source', `must be one of ${STABILITY_SOURCES.map((s) => `'${s}'`).join(', ')}`, source);
  }
  requireText(SEAL, 'scenario', scenario);
  if (!Array.isArray(hashes) || hashes.length < 2) throw new RuntimeValidationError(SEAL, 'hashes', 'must be an array of at least two run hashes', hashes);
  // Every index, holes included (forEach would skip a hole and let it through).
  for (let i = 0; i < hashes.length; i++) {
    const h: unknown = hashes[i];
    if (typeof h !== 'string' || !HASH.test(h)) throw new RuntimeValidationError(SEAL, `hashes[${String(i)}]`, 'must be a lowercase hex SHA-256 digest (64 characters)', h);
  }
  try {
    canonicalJson(divergence);
  } catch (err) {
    if (err instanceof CanonicalJsonError) throw new RuntimeValidationError(SEAL, 'divergence', `must be a JSON value (${err.message})`);
    throw err;
  }
  if (toTick !== undefined) requireTick(SEAL, 'toTick', toTick);
  return withRun(SEAL, options, async (at) => {
    const manifest = await at.manifest();
    const covers = coverage(manifest, toTick ?? lastTick(manifest));
    if (covers === null) throw new RuntimeValidationError(SEAL, 'toTick', `must be a tick at or after the run's first (${String(manifest.records[0]?.tick ?? 'none')})`, toTick);
    const record = buildStability({ runId: at.runId, source, scenario, hashes, divergence, covers });
    const relPath = stabilityRelPath(at.runId, covers.to_tick, source);
    const written = await at.store.writeBatch([
      { runId: at.runId, tick: covers.to_tick, kind: STABILITY_KIND, schema: STABILITY_SCHEMA, relPath, obj: record, extra: { source } },
    ]);
    const r = written.get(relPath) as ManifestRecord;
    return { record, ref: r.path, sha256: r.sha256, current: true };
  });
}

/**
 * Every stability record of run `runId`, in manifest order, each checked against its sealed hash
 * and as a consistent `RunStability.v0` record (`StabilityRecordError` otherwise), with whether
 * the run still holds what it covers.
 */
export async function readRunStability(options: RunLocation): Promise<readonly SealedRunStability[]> {
  requirePlainObject(READ, 'options', options);
  requireKnownKeys(READ, options, READ_OPTIONS);
  return withRun(READ, options, async (at) => {
    const manifest = await at.manifest();
    const out: SealedRunStability[] = [];
    for (const r of manifest.records) {
      if (r.kind !== STABILITY_KIND) continue;
      const doc = await readSealedJson(at.store, at.runId, r, (detail) => new StabilityRecordError(READ, r.path, detail));
      const problem = stabilityProblem(doc, at.runId);
      if (problem !== null) throw new StabilityRecordError(READ, r.path, problem);
      const record = doc as RunStability;
      if (record.covers.to_tick !== r.tick || r.schema !== STABILITY_SCHEMA) {
        throw new StabilityRecordError(READ, r.path, `is listed at tick ${String(r.tick)} with schema ${r.schema}, but covers tick ${String(record.covers.to_tick)}`);
      }
      const now = coverage(manifest, record.covers.to_tick);
      out.push({ record, ref: r.path, sha256: r.sha256, current: now !== null && sameCoverage(now, record.covers) });
    }
    return out;
  });
}

async function withRun<T>(fn: string, options: RunLocation, body: (at: LocatedRun) => Promise<T>): Promise<T> {
  const at = locateRun(fn, options.artifactsDir, options.store, options.runId);
  try {
    return await body(at);
  } finally {
    // A store made here for an artifacts folder is this call's to close; a given one is the caller's.
    if (options.store === undefined) await at.store.close();
  }
}

function lastTick(manifest: Manifest): number {
  let last = 0;
  for (const r of manifest.records) if (r.kind !== STABILITY_KIND && r.tick > last) last = r.tick;
  return last;
}

/** The run's records (other than stability records) up to `toTick`, as a coverage; null when there are none. */
function coverage(manifest: Manifest, toTick: number): StabilityCoverage | null {
  const records = manifest.records.filter((r) => r.kind !== STABILITY_KIND && r.tick <= toTick);
  const first = records[0];
  if (first === undefined) return null;
  const root_hash = rootWithoutStability(manifest, toTick);
  return { from_tick: first.tick, to_tick: toTick, records: records.length, root_hash };
}

function sameCoverage(a: StabilityCoverage, b: StabilityCoverage): boolean {
  return a.from_tick === b.from_tick && a.to_tick === b.to_tick && a.records === b.records && a.root_hash === b.root_hash;
}
