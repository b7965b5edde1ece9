/**
 * Where a write's fsyncs run: on the calling thread while it is the process's only write in
 * flight, on the thread pool while several are. Seen through which of `node:fs`'s calls run (the
 * synchronous ones or the callback ones), and through what a failing fsync does to the write.
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArtifactConflictError, ArtifactIoError, ArtifactLockError, ArtifactWriter, readManifest, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return { ...real, fsyncSync: vi.fn(real.fsyncSync), fdatasyncSync: vi.fn(real.fdatasyncSync), fsync: vi.fn(real.fsync), fdatasync: vi.fn(real.fdatasync) };
});

const calls = () => ({
  sync: vi.mocked(fs.fsyncSync).mock.calls.length + vi.mocked(fs.fdatasyncSync).mock.calls.length,
  pooled: vi.mocked(fs.fsync).mock.calls.length + vi.mocked(fs.fdatasync).mock.calls.length,
});

afterEach(() => {
  vi.mocked(fs.fsyncSync).mockClear();
  vi.mocked(fs.fdatasyncSync).mockClear();
  vi.mocked(fs.fsync).mockClear();
  vi.mocked(fs.fdatasync).mockClear();
});

const write = (w: ArtifactWriter, runId: string, tick: number, obj: object = { tick }) =>
  w.writeJson({ runId, tick, kind: 'k', schema: 'S.v0', obj, relPath: `x/${runId}/${String(tick)}.json` });

/** Expects a lone write to fsync on the calling thread only (no write is counted in flight). */
async function expectLoneWriteOnThisThread(dir: string, runId: string, tick: number): Promise<void> {
  const before = calls();
  await write(new ArtifactWriter(dir), runId, tick);
  const after = calls();
  expect(after.sync, 'fsyncs on the calling thread').toBeGreaterThan(before.sync);
  expect(after.pooled, 'fsyncs on the pool').toBe(before.pooled);
}

const eio = (): Error => Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', errno: -5, syscall: 'fsync' });

describe('fsyncs of a write', () => {
  it('run on the calling thread for a lone write, on the pool for concurrent writes of two runs (both complete)', async () => {
    const dir = tempDir();
    await expectLoneWriteOnThisThread(dir, 'A', 0);
    const before = calls();
    const a = new ArtifactWriter(dir);
    const b = new ArtifactWriter(dir);
    await Promise.all([write(a, 'A', 1), write(b, 'B', 0), write(a, 'A', 2), write(b, 'B', 1)]);
    expect(calls().pooled).toBeGreaterThan(before.pooled);
    expect((await readManifest(dir, 'A')).records.map((r) => r.tick)).toEqual([0, 1, 2]);
    expect((await readManifest(dir, 'B')).records.map((r) => r.tick)).toEqual([0, 1]);
    expect(await verifyRun(dir, 'A')).toMatchObject({ ok: true, checked: 3 });
    expect(await verifyRun(dir, 'B')).toMatchObject({ ok: true, checked: 2 });
    await expectLoneWriteOnThisThread(dir, 'A', 3);
  });

  it('that fail on the calling thread reject the write with ArtifactIoError (never a synchronous throw), and nothing is listed', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    await write(w, 'R', 0);
    vi.mocked(fs.fsyncSync).mockImplementationOnce(() => {
      throw eio();
    });
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = write(w, 'R', 1);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(ArtifactIoError);
    await expect(pending).rejects.toMatchObject({ code: 'EIO' });
    expect((await readManifest(dir, 'R')).records.map((r) => r.tick)).toEqual([0]);
    await write(w, 'R', 1);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 2 });
  });

  it('of a folder that does not support fsync (EINVAL) are skipped on the calling thread too', async () => {
    const dir = tempDir();
    const real = (await vi.importActual<typeof import('node:fs')>('node:fs')).fsyncSync;
    vi.mocked(fs.fsyncSync).mockImplementation((fd) => {
      if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('EINVAL: invalid argument, fsync'), { code: 'EINVAL', errno: -22, syscall: 'fsync' });
      real(fd);
    });
    try {
      await write(new ArtifactWriter(dir), 'R', 0);
    } finally {
      vi.mocked(fs.fsyncSync).mockImplementation(real);
    }
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 1 });
  });

  it('stay on the calling thread after writes that failed (a conflict, a failed fsync, a lock timeout): none stays counted', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 50 });
    await write(w, 'R', 0);
    await expect(write(w, 'R', 0, { other: true })).rejects.toBeInstanceOf(ArtifactConflictError);
    vi.mocked(fs.fdatasyncSync).mockImplementationOnce(() => {
      throw eio();
    });
    await expect(write(w, 'R', 1)).rejects.toBeInstanceOf(ArtifactIoError);
    const lock = join(dir, 'manifests', 'R.lock');
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), boot, start: null, nonce: 'test' }));
    await expect(write(w, 'R', 1)).rejects.toBeInstanceOf(ArtifactLockError);
    fs.unlinkSync(lock);
    await expectLoneWriteOnThisThread(dir, 'R', 1);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 2 });
  });
});
