/**
 * The governance lock, `invariance.lock.json` at the repo root: each scenario's pinned trace hash,
 * keyed by scenario id. Written deterministically — keys sorted by code point at every level, two
 * spaces of indentation, one trailing newline — so re-pinning the same hashes gives the same bytes
 * and a review diff shows exactly which pins moved. Written atomically (temp file, then rename).
 * The canonical scenario's pin, when present, must be the spec's hash.
 * Owns: the lock format, reading and writing it. Must not: decide which pins to change.
 */
import { compareCodePoints } from '@abraxas/internal';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CANONICAL_ID, SPEC_CANONICAL_HASH } from '../scenario/canonical-scenario.js';
import { LockFileError, thrownMessage } from '../errors.js';
import { ID_RULE, isScenarioId } from '../scenario/scenario-id.js';

export const LOCK_SCHEMA = 'InvarianceLock.v1';
export const LOCK_FILE_NAME = 'invariance.lock.json';

export interface Lock {
  readonly schema: typeof LOCK_SCHEMA;
  /** Scenario id → pinned SHA-256 of its trace (lowercase hex). */
  readonly pins: Readonly<Record<string, string>>;
}

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Reads and checks the lock; null when the file does not exist. `label` names it in messages. */
export async function readLock(path: string, label: string): Promise<Lock | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LockFileError(label, '(file)', `cannot be read: ${thrownMessage(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LockFileError(label, '(contents)', `must be valid JSON: ${thrownMessage(e)}`);
  }
  return parseLock(raw, label);
}

/** Checks a parsed lock. Throws `LockFileError` naming the field and rule. */
export function parseLock(raw: unknown, label: string): Lock {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LockFileError(label, '(top level)', 'must be an object', raw);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'schema' && key !== 'pins') throw new LockFileError(label, key, 'is not a known field (known fields: schema, pins)');
  }
  if (obj.schema !== LOCK_SCHEMA) throw new LockFileError(label, 'schema', `must be "${LOCK_SCHEMA}"`, obj.schema);
  const pins = obj.pins;
  if (typeof pins !== 'object' || pins === null || Array.isArray(pins)) throw new LockFileError(label, 'pins', 'must be an object of scenario id to hash', pins);
  const out: [string, string][] = [];
  for (const [id, hash] of Object.entries(pins as Record<string, unknown>)) {
    if (!isScenarioId(id)) throw new LockFileError(label, `pins[${JSON.stringify(id)}]`, `is not a scenario id: an id ${ID_RULE}`);
    if (typeof hash !== 'string' || !HASH_PATTERN.test(hash)) throw new LockFileError(label, `pins.${id}`, 'must be a SHA-256 hash (64 lowercase hex digits)', hash);
    if (id === CANONICAL_ID && hash !== SPEC_CANONICAL_HASH) {
      throw new LockFileError(label, `pins.${id}`, `must be the spec's canonical hash ${SPEC_CANONICAL_HASH} (it cannot be re-pinned)`, hash);
    }
    out.push([id, hash]);
  }
  return { schema: LOCK_SCHEMA, pins: Object.fromEntries(out) };
}

/** The lock's bytes: sorted keys, two-space indentation, a trailing newline. */
export function formatLock(lock: Lock): string {
  const ids = Object.keys(lock.pins).sort(compareCodePoints);
  const pinLines = ids.map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(lock.pins[id])}`);
  const pins = pinLines.length === 0 ? '{}' : `{\n${pinLines.join(',\n')}\n  }`;
  return `{\n  "pins": ${pins},\n  "schema": ${JSON.stringify(lock.schema)}\n}\n`;
}

/** Writes the lock atomically (a temp file in the same folder, then a rename). */
export async function writeLock(path: string, lock: Lock): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, formatLock(lock), 'utf8');
  await rename(temp, path);
}
