/**
 * The per-run lock that lets several processes write one run without losing a record. The lock
 * file names its holder (host, boot, pid, process start time); a holder that is no longer alive
 * never blocks anyone: its lock is broken, under a second short-lived lock so that two breakers
 * cannot both succeed. A live holder is waited for, up to a bound, then `ArtifactLockError`.
 * Owns: cross-process mutual exclusion for one run. Must not: read or write ledger contents.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootId, errnoCode, readOwn, unlinkQuiet } from './durable-fs.js';
import { ArtifactLockError } from './errors.js';

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly boot: string;
  readonly start: string | null;
  readonly nonce: string;
}

/** How long writers and readers wait for a live holder by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** Releases a held lock. */
export type ReleaseLock = () => void;

const HOST = hostname();

/** Start time of a process as the kernel reports it (Linux), to tell a reused pid apart. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.boot !== 'string' || typeof v.nonce !== 'string') return null;
    return { pid: v.pid, host: v.host, boot: v.boot, start: typeof v.start === 'string' ? v.start : null, nonce: v.nonce };
  } catch {
    return null;
  }
}

/** True when the holder is certainly gone: same host and a different boot, a dead pid or a reused pid. */
function holderIsDead(holder: LockHolder): boolean {
  if (holder.host !== HOST) return false; // another machine: cannot tell, so wait
  if (holder.boot !== bootId()) return true;
  if (!isAlive(holder.pid)) return true;
  if (holder.start === null) return false;
  const start = processStart(holder.pid);
  return start !== null && start !== holder.start;
}

/** The caller and the lock's name, for errors. */
interface LockNames {
  readonly fn: string;
  readonly lockName: string;
}

/** The lock file's text, read without following a link (a link there is refused, naming it). */
function readRaw(names: LockNames, path: string, suffix = ''): string | null {
  return readOwn(names.fn, path, `${names.lockName}${suffix}`)?.toString('utf8') ?? null;
}

/**
 * Creates `path` holding `content`, failing with false if it exists (O_EXCL). A holder killed
 * between the create and the write leaves an empty lock, which is treated as abandoned once it is
 * a second old.
 */
function createExclusive(names: LockNames, path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666);
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    if (errnoCode(err) === 'ENOENT') {
      throw new ArtifactLockError(names.fn, names.lockName, 'cannot be created: its folder was removed while the run was being opened; try again');
    }
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock file nobody can read as a holder and that has not changed for a second is abandoned. */
function unreadableAndOld(path: string): boolean {
  try {
    const st = lstatSync(path);
    return Date.now() - st.mtimeMs > 1000;
  } catch {
    return false;
  }
}

/** This process's own start time, read once: it cannot change while the process lives. */
let ownStart: string | null | undefined;

function holderContent(): string {
  const nonce = randomUUID();
  if (ownStart === undefined) ownStart = processStart(process.pid);
  const holder: LockHolder = { pid: process.pid, host: HOST, boot: bootId(), start: ownStart, nonce };
  return JSON.stringify(holder);
}

/**
 * Removes a lock whose holder is dead, but only if it still holds exactly `seen`: breakers take
 * `<lock>.break` first, so a fresh lock taken by a live process in the meantime is never removed.
 */
function breakStaleLock(names: LockNames, lockPath: string, seen: string): void {
  const breaker = `${lockPath}.break`;
  const content = holderContent();
  if (!createExclusive(names, breaker, content)) {
    const raw = readRaw(names, breaker, '.break');
    if (raw === null) return;
    const holder = parseHolder(raw);
    if (holder === null ? unreadableAndOld(breaker) : holderIsDead(holder)) unlinkQuiet(breaker);
    return;
  }
  try {
    if (readRaw(names, lockPath) === seen) unlinkQuiet(lockPath);
  } finally {
    unlinkQuiet(breaker);
  }
}

/**
 * Takes the run's lock, waiting for a live holder up to `timeoutMs` (polling with a short
 * back-off) and breaking the lock of a dead one. `fn` and `lockName` name the caller and the lock
 * in the error.
 */
export async function acquireRunLock(fn: string, lockPath: string, lockName: string, timeoutMs: number): Promise<ReleaseLock> {
  const names: LockNames = { fn, lockName };
  const content = holderContent();
  const deadline = Date.now() + timeoutMs;
  let pause = 1;
  for (;;) {
    if (createExclusive(names, lockPath, content)) {
      let released = false;
      // Nobody removes the lock of a live holder, so releasing is a plain unlink.
      return () => {
        if (released) return;
        released = true;
        unlinkQuiet(lockPath);
      };
    }
    const raw = readRaw(names, lockPath);
    if (raw === null) continue;
    const holder = parseHolder(raw);
    if (holder === null ? unreadableAndOld(lockPath) : holderIsDead(holder)) {
      breakStaleLock(names, lockPath, raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === null ? 'an unreadable holder' : `pid ${String(holder.pid)} on host ${holder.host}`;
      throw new ArtifactLockError(fn, lockName, `is held by ${who}; gave up waiting for the lock after ${String(timeoutMs)} ms`);
    }
    await sleep(pause);
    // Short polls: a busy writer frees the lock only briefly between its writes, and a long
    // back-off would let it win the lock again and again.
    pause = Math.min(pause * 2, 4);
  }
}
