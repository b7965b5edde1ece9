/**
 * The governance latch: compares each scenario's hash with its pin in the lock and, under
 * `--update`, computes the re-pinned lock. Rules:
 * - a scenario whose runs agree but whose hash differs from its pin has moved: it fails unless
 *   `--update` re-pins it deliberately;
 * - the canonical scenario must hash to the spec's hash, whatever the lock says, and is never re-pinned;
 * - an unpinned scenario fails under `--all` (every repo scenario must be pinned) and is a note otherwise;
 * - under `--all`, a pin whose scenario no longer exists is stale: it fails unless `--update` drops it;
 * - `--update` changes nothing unless every scenario's runs agreed (a drifting hash is never pinned).
 * Owns: pin verdicts and the next lock. Must not: read or write files, or print.
 */
import { compareCodePoints } from '@abraxas/internal';
import { CANONICAL_ID, SPEC_CANONICAL_HASH } from '../scenario/canonical-scenario.js';
import { LOCK_SCHEMA, type Lock } from './lock-file.js';

export type PinStatus =
  | 'match'
  | 'mismatch'
  | 'unpinned'
  | 'added'
  | 'updated'
  | 'spec_mismatch'
  /** The scenario drifted or errored: there is no single hash to compare. */
  | 'unchecked';

/** A scenario's pin verdict (a reported record: snake_case). */
export interface PinVerdict {
  readonly status: PinStatus;
  readonly pinned: string | null;
  readonly actual: string | null;
  /** Whether this verdict fails the check. */
  readonly fails: boolean;
}

export interface PinInput {
  readonly id: string;
  /** The agreed hash, or null when the runs drifted or a run failed. */
  readonly hash: string | null;
}

export interface PinOptions {
  readonly update: boolean;
  /** `--all`: every scenario must be pinned and stale pins fail. */
  readonly all: boolean;
}

export interface PinJudgement {
  readonly verdicts: ReadonlyMap<string, PinVerdict>;
  /** Pins whose scenario was not run under `--all` (dropped when updating). */
  readonly stale: readonly string[];
  /** Whether stale pins fail the check (under `--all` without `--update`). */
  readonly staleFails: boolean;
  /** The lock to write, or null when nothing is to be written. */
  readonly nextLock: Lock | null;
  /** Why `--update` wrote nothing, or null. */
  readonly updateRefused: string | null;
}

export function judgePins(inputs: readonly PinInput[], lock: Lock | null, options: PinOptions): PinJudgement {
  const pins = lock?.pins ?? {};
  const pinOf = (id: string): string | null => (Object.prototype.hasOwnProperty.call(pins, id) ? (pins[id] as string) : null);
  const unsettled = inputs.filter((s) => s.hash === null || (s.id === CANONICAL_ID && s.hash !== SPEC_CANONICAL_HASH));
  const updating = options.update && unsettled.length === 0;

  const verdicts = new Map<string, PinVerdict>();
  for (const { id, hash } of inputs) {
    // The spec pins the canonical scenario even where the lock does not.
    const pinned = pinOf(id) ?? (id === CANONICAL_ID ? SPEC_CANONICAL_HASH : null);
    let verdict: PinVerdict;
    if (hash === null) verdict = { status: 'unchecked', pinned, actual: null, fails: false };
    else if (id === CANONICAL_ID && hash !== SPEC_CANONICAL_HASH) verdict = { status: 'spec_mismatch', pinned: SPEC_CANONICAL_HASH, actual: hash, fails: true };
    else if (pinned === hash && (pinOf(id) !== null || !updating)) verdict = { status: 'match', pinned, actual: hash, fails: false };
    else if (pinned === hash) verdict = { status: 'added', pinned: null, actual: hash, fails: false };
    else if (pinned !== null) verdict = updating ? { status: 'updated', pinned, actual: hash, fails: false } : { status: 'mismatch', pinned, actual: hash, fails: true };
    else if (updating) verdict = { status: 'added', pinned: null, actual: hash, fails: false };
    else verdict = { status: 'unpinned', pinned: null, actual: hash, fails: options.all };
    verdicts.set(id, verdict);
  }

  const ran = new Set(inputs.map((s) => s.id));
  const stale = options.all ? Object.keys(pins).filter((id) => !ran.has(id)).sort(compareCodePoints) : [];

  let nextLock: Lock | null = null;
  let updateRefused: string | null = null;
  if (options.update) {
    if (updating) {
      const next: Record<string, string> = {};
      for (const [id, hash] of Object.entries(pins)) if (!stale.includes(id)) next[id] = hash;
      for (const { id, hash } of inputs) next[id] = hash as string;
      nextLock = { schema: LOCK_SCHEMA, pins: next };
    } else {
      updateRefused = `the lock was not updated: ${unsettled.map((s) => s.id).join(', ')} did not give one agreed hash${
        unsettled.some((s) => s.id === CANONICAL_ID) ? " (or not the spec's canonical hash)" : ''
      }`;
    }
  }
  return { verdicts, stale, staleFails: options.all && !updating, nextLock, updateRefused };
}
