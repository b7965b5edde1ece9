/**
 * `ArtifactWriter`: writes JSON artifacts as canonical bytes, seals each with SHA-256 and lists it
 * in the run's manifest ledger, crash-safely and with O(1) amortised cost per write.
 *
 * One write, under the run's lock: validate everything (nothing is written on bad input); look the
 * path up in the ledger (identical record: return it; different: `ArtifactConflictError`); write
 * the bytes to `.<file>.pending` and fsync; append the record to the journal and fsync (the commit
 * point); rename the file into place and fsync its folder; update the derived manifest, index and
 * state. The promise resolves after all of it, so the manifest file is current.
 * Owns: the write protocol. Must not: format or parse ledger files (ledger.ts does).
 */
import { sha256Hex, type JsonValue } from '@abraxas/ers';
import { lstatSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ensureDirUnder, errnoCode, fsyncDir, writeWholeFile } from './durable-fs.js';
import { ArtifactConflictError, ArtifactValidationError } from './errors.js';
import { pendingRelPath, toFsPath } from './layout.js';
import { RunLedger, type LedgerState } from './ledger.js';
import { makeManifestRecord, recordJson, type ArtifactRecord, type ManifestRecord } from './records.js';
import { acquireRunLock, DEFAULT_LOCK_TIMEOUT_MS } from './run-lock.js';
import { withRunMutex } from './run-mutex.js';
import {
  jsonBytesOf,
  MANIFESTS_DIR,
  requireExtra,
  requireKind,
  requireNonEmptyString,
  requirePlainObject,
  requireRelPath,
  requireRunId,
  requireSchemaName,
  requireTick,
} from './validate.js';

/** Options of `new ArtifactWriter(artifactsDir, options)`. */
export interface ArtifactWriterOptions {
  /**
   * fsync artifact files, the journal and new folder entries before a write resolves (default
   * true). With false, writes survive a killed process but not a power loss.
   */
  readonly fsync?: boolean;
  /** How long a write waits for another live process holding the run's lock (default 10,000 ms). */
  readonly lockTimeoutMs?: number;
}

/** Arguments of `ArtifactWriter.writeJson`. */
export interface WriteJsonOptions {
  /** The run (see `RUN_ID_RULE`). */
  readonly runId: string;
  /** Tick number: a non-negative safe integer. */
  readonly tick: number;
  /** Artifact kind, e.g. `trendpack` (see `KIND_RULE`). */
  readonly kind: string;
  /** Schema name, e.g. `TrendPack.v0` (see `SCHEMA_RULE`). */
  readonly schema: string;
  /** The JSON value to write; stored as its canonical JSON bytes. */
  readonly obj: unknown;
  /** Where, relative to the artifacts folder, `/`-separated, inside a folder named after the run. */
  readonly relPath: string;
  /** Extra provenance for the manifest record (a plain JSON object; keys are sorted). */
  readonly extra?: { readonly [key: string]: JsonValue };
}

const FN = 'ArtifactWriter.writeJson';

/** Writes sealed JSON artifacts under one artifacts folder. Keep one per folder for long runs. */
export class ArtifactWriter {
  /** The artifacts folder, as given. */
  readonly artifactsDir: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  /** Per run: what this writer last left the ledger as (O(1) size each). */
  private readonly states = new Map<string, LedgerState>();
  /** Folders this writer has checked or created (one per run folder, not per file). */
  private readonly knownDirs = new Set<string>();

  constructor(artifactsDir: string, options: ArtifactWriterOptions = {}) {
    requireNonEmptyString('new ArtifactWriter', 'artifactsDir', artifactsDir);
    requirePlainObject('new ArtifactWriter', 'options', options);
    if (options.fsync !== undefined && typeof options.fsync !== 'boolean') {
      throw new ArtifactValidationError('new ArtifactWriter', 'options.fsync', 'must be a boolean', options.fsync);
    }
    const timeout = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    if (typeof timeout !== 'number' || !Number.isSafeInteger(timeout) || timeout < 0) {
      throw new ArtifactValidationError('new ArtifactWriter', 'options.lockTimeoutMs', 'must be a non-negative safe integer', timeout);
    }
    this.artifactsDir = artifactsDir;
    this.durable = options.fsync ?? true;
    this.lockTimeoutMs = timeout;
  }

  /**
   * Writes `obj` as canonical JSON at `relPath` and lists it in the run's manifest. Writing the same
   * record again (same bytes and metadata) returns the same record and adds nothing (restoring the
   * file if it went missing or was altered); anything else at a listed path is an
   * `ArtifactConflictError`. Resolves when the artifact, the journal and the manifest are current.
   */
  async writeJson(o: WriteJsonOptions): Promise<ArtifactRecord> {
    const prepared = this.prepare(o);
    const key = `${resolve(this.artifactsDir)}\0${prepared.artifact.run_id}`;
    return withRunMutex(key, () => this.commit(prepared));
  }

  private prepare(o: WriteJsonOptions): Prepared {
    requirePlainObject(FN, 'options', o);
    requireRunId(FN, 'runId', o.runId);
    requireTick(FN, 'tick', o.tick);
    requireKind(FN, 'kind', o.kind);
    requireSchemaName(FN, 'schema', o.schema);
    requireRelPath(FN, 'relPath', o.relPath, o.runId);
    requireExtra(FN, 'extra', o.extra);
    const bytes = jsonBytesOf(FN, 'obj', o.obj);
    const sha256 = sha256Hex(bytes);
    const record = makeManifestRecord({
      tick: o.tick,
      kind: o.kind,
      schema: o.schema,
      path: o.relPath,
      sha256,
      bytes: bytes.length,
      extra: o.extra,
    });
    const artifact: ArtifactRecord = {
      schema: o.schema,
      path: toFsPath(this.artifactsDir, o.relPath),
      rel_path: o.relPath,
      sha256,
      bytes: bytes.length,
      run_id: o.runId,
      tick: o.tick,
      kind: o.kind,
    };
    return { bytes, record, json: recordJson(record), artifact };
  }

  private async commit(p: Prepared): Promise<ArtifactRecord> {
    const root = this.artifactsDir;
    const runId = p.artifact.run_id;
    const relPath = p.record.path;
    const ledger = new RunLedger(FN, root, runId, this.durable);
    await ensureDirUnder(FN, root, MANIFESTS_DIR, this.durable, this.knownDirs);
    const release = await acquireRunLock(FN, ledger.lockFsPath, ledger.files.lock, this.lockTimeoutMs);
    try {
      const cached = this.states.get(runId) ?? null;
      this.states.delete(runId); // re-set only once the ledger is known to match it
      const state = await ledger.load(cached);
      const listed = ledger.lookup(state, relPath);
      if (listed !== null) {
        if (listed !== p.json) throw new ArtifactConflictError(FN, relPath, conflictDetail(JSON.parse(listed) as ManifestRecord, p.record));
        await this.restoreSealedFile(relPath, p.bytes);
        this.states.set(runId, state);
        return p.artifact;
      }
      const finalFs = toFsPath(root, relPath);
      const adopt = this.unlistedFileMatches(relPath, finalFs, p.bytes);
      const folder = relPath.slice(0, relPath.lastIndexOf('/'));
      await ensureDirUnder(FN, root, folder, this.durable, this.knownDirs);
      const pendingFs = toFsPath(root, pendingRelPath(relPath));
      if (!adopt) {
        try {
          await writeWholeFile(pendingFs, p.bytes, this.durable);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') throw err;
          // The folder went away since this writer last saw it: create it again.
          this.knownDirs.clear();
          await ensureDirUnder(FN, root, folder, this.durable, this.knownDirs);
          await writeWholeFile(pendingFs, p.bytes, this.durable);
        }
      }
      const progress = { committed: false };
      try {
        const next = await ledger.append(state, p.record, p.json, async () => {
          progress.committed = true;
          if (adopt) return;
          renameSync(pendingFs, finalFs);
          if (this.durable) await fsyncDir(dirname(finalFs));
        });
        this.states.set(runId, next);
      } catch (err) {
        if (!progress.committed && !adopt) {
          try {
            unlinkSync(pendingFs);
          } catch {
            // best effort: a leftover pending file is ignored and overwritten by the next write
          }
        }
        throw err;
      }
      return p.artifact;
    } finally {
      ledger.close();
      release();
    }
  }

  /**
   * An unlisted file already at the path (left by someone else, or by a write whose record was
   * lost without fsync): adopted when its bytes are the ones being written, a conflict otherwise.
   */
  private unlistedFileMatches(relPath: string, finalFs: string, bytes: Uint8Array): boolean {
    try {
      const st = lstatSync(finalFs);
      if (!st.isFile()) {
        throw new ArtifactValidationError(FN, 'relPath', 'must name a regular file; something else is there', relPath);
      }
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
    const existing = readFileSync(finalFs);
    if (existing.equals(bytes)) return true;
    throw new ArtifactConflictError(FN, relPath, 'an unlisted file with different bytes is already there; move it away first');
  }

  /** After an idempotent write: puts the sealed bytes back if the file is missing or altered. */
  private async restoreSealedFile(relPath: string, bytes: Uint8Array): Promise<void> {
    const finalFs = toFsPath(this.artifactsDir, relPath);
    let current: Buffer | null = null;
    try {
      const st = lstatSync(finalFs);
      if (st.isFile()) current = readFileSync(finalFs);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    if (current?.equals(bytes)) return;
    const pendingFs = toFsPath(this.artifactsDir, pendingRelPath(relPath));
    await ensureDirUnder(FN, this.artifactsDir, relPath.slice(0, relPath.lastIndexOf('/')), this.durable, this.knownDirs);
    await writeWholeFile(pendingFs, bytes, this.durable);
    renameSync(pendingFs, finalFs);
    if (this.durable) await fsyncDir(dirname(finalFs));
  }
}

interface Prepared {
  readonly bytes: Uint8Array;
  readonly record: ManifestRecord;
  readonly json: string;
  readonly artifact: ArtifactRecord;
}

/** Which listed fields a conflicting write would change. */
function conflictDetail(listed: ManifestRecord, wanted: ManifestRecord): string {
  const diffs: string[] = [];
  if (listed.sha256 !== wanted.sha256) {
    diffs.push(`it is sealed with sha256 ${listed.sha256} (${String(listed.bytes)} bytes) and this write has sha256 ${wanted.sha256} (${String(wanted.bytes)} bytes)`);
  }
  for (const field of ['tick', 'kind', 'schema'] as const) {
    if (listed[field] !== wanted[field]) diffs.push(`it is listed with ${field} ${JSON.stringify(listed[field])}, this write says ${JSON.stringify(wanted[field])}`);
  }
  if (diffs.length === 0) diffs.push('its extra provenance differs');
  return `${diffs.join('; ')}; nothing was changed`;
}
