/**
 * Error classes of @abraxas/artifacts. Every message names the function, the field (or file) and
 * the rule broken, in the style `<function>: <field> <rule>; got <value>`.
 * Owns: error types and message formatting. Must not: do anything else.
 */
import { describeValue } from '@abraxas/internal';

/** Base class of every error this package throws on purpose. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/** An argument breaks one of its rules; nothing was written. */
export class ArtifactValidationError extends ArtifactError {
  override name = 'ArtifactValidationError';
  readonly fn: string;
  readonly field: string;
  constructor(fn: string, field: string, rule: string, ...got: [] | [unknown]) {
    super(`${fn}: ${field} ${rule}${got.length === 0 ? '' : `; got ${describeValue(got[0])}`}`);
    this.fn = fn;
    this.field = field;
  }
}

/**
 * A write would change sealed provenance: the path is already listed with other bytes or other
 * metadata, or an unlisted file with other bytes is in the way. Nothing was written.
 */
export class ArtifactConflictError extends ArtifactError {
  override name = 'ArtifactConflictError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: relPath ${JSON.stringify(relPath)} conflicts with what is stored; ${detail}`);
    this.relPath = relPath;
  }
}

/** The run's lock is held by a live process and did not come free within the wait. */
export class ArtifactLockError extends ArtifactError {
  override name = 'ArtifactLockError';
  readonly lockPath: string;
  constructor(fn: string, lockPath: string, detail: string) {
    super(`${fn}: the run's lock ${lockPath} ${detail}`);
    this.lockPath = lockPath;
  }
}

/** `readManifest` was asked for a run that has no manifest in the folder. */
export class ArtifactNotFoundError extends ArtifactError {
  override name = 'ArtifactNotFoundError';
  constructor(fn: string, field: string, detail: string) {
    super(`${fn}: ${field} ${detail}`);
  }
}

/** A ledger file holds something no writer of this package produces (damage, or a foreign file). */
export class ArtifactCorruptError extends ArtifactError {
  override name = 'ArtifactCorruptError';
  readonly file: string;
  constructor(fn: string, file: string, detail: string) {
    super(`${fn}: ${file} ${detail}`);
    this.file = file;
  }
}

/**
 * A file-system call failed for a reason no argument explains (a file or folder removed by another
 * program meanwhile, no permission, a full disk). `path` is the file as the caller would name it
 * (the artifacts folder joined with the relative path), `code` the system's error code.
 */
export class ArtifactIoError extends ArtifactError {
  override name = 'ArtifactIoError';
  readonly path: string;
  readonly code: string;
  constructor(fn: string, path: string, code: string, hint: string) {
    super(`${fn}: ${path} could not be used (${code}): ${hint}`);
    this.path = path;
    this.code = code;
  }
}
