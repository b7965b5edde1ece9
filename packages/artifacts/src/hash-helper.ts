/**
 * A helper thread for `verifyRun`: while the calling thread checks a run's listed files from the
 * first one on, the helper reads and hashes them from the last one back, a chunk at a time, until
 * the two meet (each chunk is claimed by one of them, with an atomic compare-and-swap). The helper
 * only confirms: a file it opened without following a link (O_NOFOLLOW | O_NONBLOCK, through its
 * open folder as the caller names it), found on the opened descriptor to be a regular file with one
 * name and the listed size, read to that size and hashing to the listed digest is confirmed, with
 * its bytes (up to a budget). Every other file, and any error, is left to the calling thread, which
 * checks it as it checks its own (so every problem, and every error, is the one it would report).
 * The helper is started once per process on first use and does not keep the process alive.
 * Owns: the helper thread, its claims and what it hands back. Must not: report problems or follow links.
 */
import { Worker } from 'node:worker_threads';

/** Files per chunk claimed at a time. */
export const CHUNK = 32;

/** What the helper found for a file: not confirmed (not read, or not as listed: the calling thread checks it). */
export const NOT_CONFIRMED = 0;
/** Confirmed as listed; its bytes handed back. */
export const CONFIRMED_WITH_BYTES = 1;
/** Confirmed as listed; its bytes not kept (past the budget). */
export const CONFIRMED_WITHOUT_BYTES = 2;

/** What the helper hands back for a job: per file, one of the values above, and where the bytes kept are. */
export interface HelperResult {
  readonly status: Uint8Array;
  /** Per file, the index of its arena and its offset there (files confirmed with bytes). */
  readonly place: Int32Array;
  readonly arenas: readonly ArrayBuffer[];
  /**
   * Per folder of the job, its entries no file of the job is named after, as name and whether it
   * is a folder, in the order the listing gave them; null for a folder not listed (not given, or
   * the listing failed: the calling thread lists it).
   */
  readonly listing: readonly ((string | boolean)[] | null)[];
}

/**
 * The files of one job: the paths to open ('' for none; no path holds a NUL), their listed sizes
 * and digests (64 hex digits); and the folders to list first (paths naming them, '' for one not to
 * list), with each file's relative path and the index of its folder there (-1 for none).
 */
export interface HelperJob {
  readonly paths: readonly string[];
  readonly sizes: readonly number[];
  readonly shas: readonly string[];
  readonly folders: readonly string[];
  readonly rel: readonly string[];
  readonly folderOf: readonly number[];
}

/**
 * The helper thread's code (node: modules only). It loads them with import(), not require: a
 * process started with --input-type=module (node --input-type=module -e …) passes the flag on to
 * its workers, and then this code runs as an ES module, where there is no require.
 */
const SOURCE = String.raw`
'use strict';
Promise.all([import('node:worker_threads'), import('node:fs'), import('node:crypto')]).then(([{ parentPort }, fs, { hash }]) => {
  const { closeSync, constants, fstatSync, openSync, readdirSync, readSync } = fs;
  const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const ARENA = 1 << 20;
  parentPort.on('message', (job) => {
    const owner = new Int32Array(job.claims);
    const chunks = owner.length - 1;
    const paths = job.paths.split('\0');
    const { sizes, shas, chunk, keep } = job;
    const n = paths.length;
    const listing = [];
    const status = new Uint8Array(n);
    const place = new Int32Array(2 * n);
    const arenas = [];
    let arena = null;
    let used = 0;
    let kept = 0;
    let scratch = Buffer.alloc(0);
    try {
      if (job.folders.length > 0) {
        const names = job.folders.map(() => new Set());
        const rel = job.rel.split('\0');
        for (let i = 0; i < n; i++) {
          const k = job.folderOf[i];
          if (k >= 0) names[k].add(rel[i].slice(rel[i].lastIndexOf('/') + 1));
        }
        for (let k = 0; k < job.folders.length; k++) {
          const folder = job.folders[k];
          let found = null;
          if (folder !== '') {
            try {
              found = [];
              for (const d of readdirSync(folder, { withFileTypes: true })) if (!names[k].has(d.name)) found.push(d.name, d.isDirectory());
            } catch {
              found = null;
            }
          }
          listing.push(found);
        }
      }
      for (let k = chunks - 1; k >= 0; k--) {
        if (Atomics.load(owner, chunks) !== 0) break;
        if (Atomics.compareExchange(owner, k, 0, 2) !== 0) break;
        const end = Math.min(n, (k + 1) * chunk);
        for (let i = k * chunk; i < end; i++) {
          const path = paths[i];
          if (path === '') continue;
          const size = sizes[i];
          let fd;
          try {
            fd = openSync(path, FLAGS);
          } catch {
            continue;
          }
          try {
            const st = fstatSync(fd);
            if (!st.isFile() || st.nlink > 1 || st.size !== size) continue;
            const keepIt = kept + size <= keep;
            let buf;
            if (keepIt) {
              if (arena === null || used + size > arena.byteLength) {
                arena = new ArrayBuffer(Math.max(ARENA, size));
                arenas.push(arena);
                used = 0;
              }
              buf = Buffer.from(arena, used, size);
            } else {
              if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
              buf = scratch.subarray(0, size);
            }
            let done = 0;
            while (done < size) {
              const got = readSync(fd, buf, done, size - done, done);
              if (got === 0) break;
              done += got;
            }
            if (done !== size || hash('sha256', buf, 'hex') !== shas.slice(64 * i, 64 * i + 64)) continue;
            if (keepIt) {
              place[2 * i] = arenas.length - 1;
              place[2 * i + 1] = used;
              used += size;
              kept += size;
              status[i] = 1;
            } else {
              status[i] = 2;
            }
          } catch {
            // left to the calling thread
          } finally {
            try {
              closeSync(fd);
            } catch {
              // nothing to do
            }
          }
        }
      }
    } finally {
      parentPort.postMessage({ id: job.id, status, place, arenas, listing }, arenas);
    }
  });
}).catch(() => {
  // Without its modules the helper can do nothing: it ends, and every job goes to the calling thread.
  process.exit(1);
});
`;

/** Bytes of confirmed files a job hands back at most (the rest are re-read by the calling thread if needed). */
const KEEP_BYTES = 64 * 1024 * 1024;

/** A job in flight: claims for the calling thread, and the helper's answer once it stopped. */
export class RunningJob {
  readonly #owner: Int32Array;
  readonly #chunks: number;
  readonly #answer: Promise<HelperResult | null>;
  readonly #helperFirst: boolean;

  constructor(owner: Int32Array, answer: Promise<HelperResult | null>, helperFirst: boolean) {
    this.#owner = owner;
    this.#chunks = owner.length - 1;
    this.#answer = answer;
    this.#helperFirst = helperFirst;
  }

  /** True when the calling thread gets chunk `k`; false when the helper has it (and every chunk after it). */
  claim(k: number): boolean {
    return !this.#helperFirst && Atomics.compareExchange(this.#owner, k, 0, 1) === 0;
  }

  /**
   * Stops the helper at its next chunk and resolves once it touches no file any more, with what it
   * confirmed (null when the helper failed: it confirmed nothing).
   */
  async stop(): Promise<HelperResult | null> {
    if (!this.#helperFirst) Atomics.store(this.#owner, this.#chunks, 1);
    return this.#answer;
  }
}

let helper: Worker | null = null;
/** The job in flight: the helper running it, its id, and where its answer goes (null: the helper failed). */
let current: { readonly worker: Worker; readonly id: number; readonly resolve: (r: HelperResult | null) => void } | null = null;
let jobs = 0;
/** Runs with fewer listed files are checked by the calling thread alone. */
let parallelFrom = 256;
/** For tests: the calling thread claims no chunk, and waits for the helper to check them all. */
let helperFirst = false;

/**
 * For tests: from how many listed files the helper is used, and whether it checks every chunk
 * (`helperFirst`) instead of meeting the calling thread; returns the settings before.
 */
export function setHelperForTests(o: { readonly parallelFrom: number; readonly helperFirst: boolean }): { parallelFrom: number; helperFirst: boolean } {
  const was = { parallelFrom, helperFirst };
  ({ parallelFrom, helperFirst } = o);
  return was;
}

/** Hands the job in flight its answer, when it runs on `w` (and is job `id`, unless null: `w` failed). */
function settle(w: Worker, id: number | null, r: HelperResult | null): void {
  const job = current;
  if (job?.worker !== w || (id !== null && job.id !== id)) return;
  current = null;
  w.unref();
  job.resolve(r);
}

function startHelper(): Worker | null {
  if (helper !== null) return helper;
  let w: Worker;
  try {
    w = new Worker(SOURCE, { eval: true });
  } catch {
    return null;
  }
  w.unref();
  w.on('message', (m: HelperResult & { readonly id: number }) => {
    settle(w, m.id, m);
  });
  const gone = (): void => {
    if (helper === w) helper = null;
    settle(w, null, null);
  };
  w.on('error', gone);
  w.on('exit', gone);
  helper = w;
  return w;
}

/**
 * Starts a job on the helper, or returns null (the calling thread checks every file): a small run,
 * the helper busy with another verification, or no helper thread (or no SharedArrayBuffer) to be had.
 */
export function startJob(job: HelperJob): RunningJob | null {
  const n = job.paths.length;
  if (n < parallelFrom || current !== null || job.shas.some((s) => s.length !== 64)) return null;
  // A process started with --enable-sharedarraybuffer-per-context has no SharedArrayBuffer to claim chunks with.
  if (typeof SharedArrayBuffer !== 'function') return null;
  const w = startHelper();
  if (w === null) return null;
  const chunks = Math.ceil(n / CHUNK);
  const claims = new SharedArrayBuffer(4 * (chunks + 1));
  const id = jobs++;
  const result = new Promise<HelperResult | null>((resolve) => {
    current = { worker: w, id, resolve };
  });
  w.ref();
  w.postMessage({
    id,
    claims,
    paths: job.paths.join('\0'),
    sizes: Float64Array.from(job.sizes),
    shas: job.shas.join(''),
    folders: job.folders,
    rel: job.rel.join('\0'),
    folderOf: Int32Array.from(job.folderOf),
    chunk: CHUNK,
    keep: KEEP_BYTES,
  });
  return new RunningJob(new Int32Array(claims), result, helperFirst);
}
