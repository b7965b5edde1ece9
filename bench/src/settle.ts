/**
 * Lets the disk settle before a measured phase: `sync` writes back every dirty page in the system,
 * so a case does not start while an earlier phase's unwritten files (or the deletion of a finished
 * case's folder) are still being flushed: an fsync on ext4 waits for the data of every file its
 * commit covers, so that flush would land on whichever case runs next.
 * A quick run (a smoke run: its figures are rough anyway) skips it: `sync` waits for every dirty
 * page of the machine, which on a busy one takes seconds per case.
 * Owns: that step. Must not: time anything.
 */
import { spawnSync } from 'node:child_process';

let enabled = true;

/** Whether `settleDisk` does anything in this process (the quick preset, a smoke run, skips it). */
export function settleBetweenPhases(on: boolean): void {
  enabled = on;
}

/** Runs `sync` (a no-op where the command is missing: the figures are then only noisier). */
export function settleDisk(): void {
  if (enabled) spawnSync('sync', { stdio: 'ignore' });
}
