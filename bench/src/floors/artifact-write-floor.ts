/**
 * The floor of a tick's artifacts: for each record, what the simplest crash-safe writer must do —
 * write a file of the same size under a temporary name, append one line of the same length to a
 * log, rename the file into place — with the same fsyncs as @abraxas/artifacts when `durable`
 * (file fsync, log fdatasync, folder fsync; none otherwise). No lock, no validation, no hashing,
 * no manifest, index or state file.
 * Owns: the artifact-write floor. Must not: use @abraxas/artifacts.
 */
import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One file of a tick: its folder (relative to the floor's root), its name and its size. */
export interface FloorFile {
  readonly folder: string;
  readonly name: string;
  readonly bytes: number;
  /** Length of its log line, newline included. */
  readonly lineBytes: number;
}

export class ArtifactWriteFloor {
  readonly #root: string;
  readonly #durable: boolean;
  readonly #log: string;
  readonly #filler: Buffer;

  /** Creates the floor's folders under `root` (once, not timed). */
  constructor(root: string, folders: readonly string[], durable: boolean) {
    this.#root = root;
    this.#durable = durable;
    for (const f of [...folders, 'log']) mkdirSync(join(root, f), { recursive: true });
    this.#log = join(root, 'log', 'records.log');
    this.#filler = Buffer.alloc(1 << 20, 0x78);
  }

  /** Writes `files` in order, each one as a crash-safe writer would. */
  writeTick(files: readonly FloorFile[]): void {
    for (const f of files) this.#writeOne(f);
  }

  #writeOne(f: FloorFile): void {
    const folder = join(this.#root, f.folder);
    const final = join(folder, f.name);
    const temp = join(folder, `.${f.name}.tmp`);
    const fd = openSync(temp, 'w');
    try {
      writeAll(fd, this.#filler, f.bytes);
      if (this.#durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const log = openSync(this.#log, 'a');
    try {
      writeAll(log, this.#filler, f.lineBytes - 1);
      writeSync(log, '\n');
      if (this.#durable) fdatasyncSync(log);
    } finally {
      closeSync(log);
    }
    renameSync(temp, final);
    if (this.#durable) {
      const dir = openSync(folder, 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
  }
}

function writeAll(fd: number, filler: Buffer, bytes: number): void {
  let left = bytes;
  while (left > 0) left -= writeSync(fd, filler, 0, Math.min(left, filler.length));
}
