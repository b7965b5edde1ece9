/**
 * Lets the disk settle before a measured phase: `sync` writes back every dirty page in the system,
 * so a case does not start while an earlier phase's unwritten files (or the deletion of a finished
 * case's folder) are still being flushed: an fsync on ext4 waits for the data of every file its
 * commit covers, so that flush would land on whichever case runs next.
 * Owns: that step. Must not: time anything.
 */
import { spawnSync } from 'node:child_process';

/** Runs `sync` (a no-op where the command is missing: the figures are then only noisier). */
export function settleDisk(): void {
  spawnSync('sync', { stdio: 'ignore' });
}
