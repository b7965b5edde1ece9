/**
 * Input rules of @abraxas/artifacts: run ids, kinds, schema names, relative paths, ticks and JSON
 * values. Each check throws an `ArtifactValidationError` naming the calling function, the field and
 * the rule, before anything touches the disk.
 * Owns: argument validation and the documented naming rules. Must not: coerce, repair or do IO.
 */
import { editDistance, isNonNegativeSafeInt, isPlainObject } from '@abraxas/internal';
import { canonicalJson, canonicalJsonBytes, CanonicalJsonError, type JsonValue } from '@abraxas/ers';
import { ArtifactValidationError } from './errors.js';

/** Names Windows reserves for devices, in any case and with any extension (`aux.json` too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** True when a name means the same on every file system: not a reserved device name, no trailing dot. */
function isPortableName(name: string): boolean {
  return !WINDOWS_RESERVED.test(name) && !name.endsWith('.');
}

const PORTABLE_RULE = "not be a name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension) and not end with '.'";

/** Run ids: 1-128 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit, no `..`, portable. */
export const RUN_ID_RULE = `must be 1-128 characters from A-Z a-z 0-9 . _ -, start with a letter or digit, contain no '..', ${PORTABLE_RULE}`;
const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Kinds: 1-64 characters from `A-Z a-z 0-9 . _ -`, starting with a letter or digit. */
export const KIND_RULE = 'must be 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit';
const KIND_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Schema names: 1-128 printable ASCII characters without spaces, starting with a letter or digit. */
export const SCHEMA_RULE = 'must be 1-128 printable ASCII characters without spaces, starting with a letter or digit';
const SCHEMA_RE = /^[A-Za-z0-9][\x21-\x7e]{0,127}$/;

/** Each segment of a relative path: 1-255 characters from `A-Z a-z 0-9 . _ -`, not starting with `.`, portable. */
export const SEGMENT_RULE = `must be 1-255 characters from A-Z a-z 0-9 . _ -, not start with '.', ${PORTABLE_RULE}`;
const SEGMENT_RE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

/** The top-level folder reserved for the ledger files. */
export const MANIFESTS_DIR = 'manifests';

/** True when `runId` follows `RUN_ID_RULE`. */
export function isValidRunId(runId: unknown): runId is string {
  return typeof runId === 'string' && RUN_ID_RE.test(runId) && !runId.includes('..') && isPortableName(runId);
}

export function requireRunId(fn: string, field: string, value: unknown): asserts value is string {
  if (!isValidRunId(value)) throw new ArtifactValidationError(fn, field, RUN_ID_RULE, value);
}

export function isValidKind(value: unknown): value is string {
  return typeof value === 'string' && KIND_RE.test(value);
}

export function isValidSchemaName(value: unknown): value is string {
  return typeof value === 'string' && SCHEMA_RE.test(value);
}

export function requireKind(fn: string, field: string, value: unknown): asserts value is string {
  if (!isValidKind(value)) throw new ArtifactValidationError(fn, field, KIND_RULE, value);
}

export function requireSchemaName(fn: string, field: string, value: unknown): asserts value is string {
  if (!isValidSchemaName(value)) throw new ArtifactValidationError(fn, field, SCHEMA_RULE, value);
}

export function requireTick(fn: string, field: string, value: unknown): asserts value is number {
  if (!isNonNegativeSafeInt(value)) {
    throw new ArtifactValidationError(fn, field, 'must be a non-negative safe integer', value);
  }
}

export function requireNonEmptyString(fn: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ArtifactValidationError(fn, field, 'must be a non-empty string', value);
  }
}

/** A folder path: a non-empty string without NUL characters (no file system accepts one). */
export function requireFolderPath(fn: string, field: string, value: unknown): asserts value is string {
  requireNonEmptyString(fn, field, value);
  if (value.includes('\0')) throw new ArtifactValidationError(fn, field, 'must not contain a NUL character', value);
}

export function requirePlainObject(fn: string, field: string, value: unknown): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new ArtifactValidationError(fn, field, 'must be a plain object', value);
}

/**
 * Refuses an own key of the options object `value` that is not one of `known` (a misspelt option
 * would otherwise be ignored), naming the key and the nearest known one.
 */
export function requireKnownKeys(fn: string, field: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const nearest = [...known].sort((x, y) => editDistance(key.toLowerCase(), x.toLowerCase()) - editDistance(key.toLowerCase(), y.toLowerCase()) || (x < y ? -1 : 1))[0] as string;
    throw new ArtifactValidationError(fn, `${field}.${key}`, `is not a known option (did you mean ${JSON.stringify(nearest)}? known: ${known.join(', ')})`);
  }
}

/** Why `relPath` is not a valid artifact path for `runId`, or null when it is. */
/** With `runId` null, the run-folder rule is not checked. */
export function relPathProblem(relPath: unknown, runId: string | null): { rule: string; got: unknown } | null {
  if (typeof relPath !== 'string' || relPath.length === 0) return { rule: 'must be a non-empty string', got: relPath };
  if (relPath.length > 1024) return { rule: 'must be at most 1024 characters', got: relPath };
  if (relPath.includes('\\')) return { rule: "must use '/' separators (no '\\')", got: relPath };
  if (relPath.startsWith('/')) return { rule: "must be relative to the artifacts folder (no leading '/')", got: relPath };
  const segments = relPath.split('/');
  if (segments.some((s) => s === '')) return { rule: 'must not contain empty segments', got: relPath };
  if (segments.some((s) => s === '.' || s === '..')) {
    return { rule: "must stay inside the artifacts folder (no '.' or '..' segments)", got: relPath };
  }
  for (const s of segments) {
    if (!SEGMENT_RE.test(s) || !isPortableName(s)) return { rule: `segment ${JSON.stringify(s)} ${SEGMENT_RULE}`, got: relPath };
  }
  // Compared without case: on a case-insensitive file system `Manifests/` is `manifests/`.
  if ((segments[0] as string).toLowerCase() === MANIFESTS_DIR) {
    return { rule: `must not be inside '${MANIFESTS_DIR}/' in any letter case (reserved for the ledger)`, got: relPath };
  }
  if (runId !== null && (segments.length < 2 || segments[segments.length - 2] !== runId)) {
    return { rule: `must be a file inside a folder named after the run (…/${runId}/<file>)`, got: relPath };
  }
  return null;
}

/**
 * True when `relPathProblem(relPath, runId)` is null, each folder checked once: `folders` holds the
 * folders (a path without its last segment) of paths found valid for `runId` before, and gets this
 * one's; a path in one of them only has its last segment and its length left to check.
 */
export function isValidRelPathIn(relPath: string, runId: string, folders: Set<string>): boolean {
  const slash = relPath.lastIndexOf('/');
  const folder = relPath.slice(0, slash);
  if (slash <= 0 || relPath.length > 1024 || !folders.has(folder)) {
    if (relPathProblem(relPath, runId) !== null) return false;
    folders.add(folder);
    return true;
  }
  const name = relPath.slice(slash + 1);
  return SEGMENT_RE.test(name) && isPortableName(name);
}

export function requireRelPath(fn: string, field: string, value: unknown, runId: string): asserts value is string {
  const problem = relPathProblem(value, runId);
  if (problem !== null) throw new ArtifactValidationError(fn, field, problem.rule, problem.got);
}

/** Canonical JSON bytes of `value`; a value JSON cannot hold exactly is reported with its path. */
export function jsonBytesOf(fn: string, field: string, value: unknown): Uint8Array {
  try {
    return canonicalJsonBytes(value);
  } catch (err) {
    if (err instanceof CanonicalJsonError) {
      const refused = refusalOf(err, field);
      throw new ArtifactValidationError(fn, refused.at, `must be exact JSON: it ${refused.rule}`);
    }
    throw err;
  }
}

/**
 * The canonical JSON text of `value`, or why canonical JSON cannot write it (read back from disk:
 * JSON.parse keeps a lone surrogate, rounds an integer beyond 2^53, nests without limit), as
 * `field.path rule`.
 */
export function canonicalTextOf(field: string, value: unknown): { readonly text: string } | { readonly problem: string } {
  try {
    return { text: canonicalJson(value) };
  } catch (err) {
    if (!(err instanceof CanonicalJsonError)) throw err;
    const refused = refusalOf(err, field);
    return { problem: `${refused.at} ${refused.rule}` };
  }
}

function refusalOf(err: CanonicalJsonError, field: string): { at: string; rule: string } {
  const at = err.path === '$' ? field : `${field}${err.path.slice(1)}`;
  const prefix = `canonicalJson: value at ${err.path} `;
  return { at, rule: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message };
}

/** Validates `extra`: absent, or a plain object whose values JSON holds exactly. */
export function requireExtra(fn: string, field: string, value: unknown): asserts value is { readonly [key: string]: JsonValue } | undefined {
  if (value === undefined) return;
  requirePlainObject(fn, field, value);
  jsonBytesOf(fn, field, value);
}

export { isPlainObject };
