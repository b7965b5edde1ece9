/**
 * A run resumed with a header other than the one it was sealed with is refused before its tick
 * runs: the stored header is read once (at a handle's first tick, at each `abraxasTick` call) and
 * compared by SHA-256; a difference is an `ArtifactConflictError` listing every differing field.
 * The tick's batch would refuse it too (the store decides); this spares running the tasks.
 * Owns: the early header check. Must not: write anything.
 */
import { ArtifactConflictError, ArtifactCorruptError, ArtifactNotFoundError, type ArtifactStore } from '@abraxas/artifacts';
import type { HookRecord } from './tick-hook.js';
import { headerDifference } from './tick-conflict.js';

/** Resolves when the run has no header yet or the same one; rejects with the differences otherwise. */
export async function requireSameHeader(fn: string, store: ArtifactStore, header: HookRecord): Promise<void> {
  let sealed;
  try {
    sealed = await store.readRecord(header.item.runId, header.relPath);
  } catch (err) {
    // No header yet: this tick seals it. A damaged one: the batch and verifyRun report it.
    if (err instanceof ArtifactNotFoundError || err instanceof ArtifactCorruptError) return;
    throw err;
  }
  if (sealed.record.sha256 === header.sha256) return;
  let stored: unknown;
  try {
    stored = JSON.parse(new TextDecoder().decode(sealed.bytes));
  } catch {
    return; // listed but not JSON: left to the batch and verifyRun
  }
  const now: unknown = JSON.parse(JSON.stringify(header.item.obj));
  throw new ArtifactConflictError(fn, header.relPath, `${headerDifference(stored, now)}; it is sealed with sha256 ${sealed.record.sha256} and this run's has ${header.sha256}; nothing ran and nothing was written`);
}
