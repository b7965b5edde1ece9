import { canonicalJson } from '@abraxas/ers';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactLockError, ArtifactWriter, readManifest, verifyRun } from '../src/index.js';
import { spawnWriter } from './support/child.js';
import { tempDir } from './support/fs.js';

const bootId = (): string => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function writeLock(dir: string, runId: string, holder: { pid: number; host?: string; boot?: string }): string {
  const path = join(dir, 'manifests', `${runId}.lock`);
  writeFileSync(path, JSON.stringify({ pid: holder.pid, host: holder.host ?? hostname(), boot: holder.boot ?? bootId(), start: null, nonce: 'test' }));
  return path;
}

const write = (w: ArtifactWriter, runId: string, n: number): Promise<unknown> =>
  w.writeJson({ runId, tick: n, kind: 'k', schema: 'S.v0', obj: { n }, relPath: `x/${runId}/${String(n)}.json` });

describe('two processes writing the same run at once', () => {
  it('lose no record when they write different artifacts', async () => {
    const dir = tempDir();
    const a = spawnWriter([dir, 'DUO', '0', '40', 'alpha', '--wait']);
    const b = spawnWriter([dir, 'DUO', '0', '40', 'beta', '--wait']);
    await Promise.all([a.ready, b.ready]);
    a.proc.stdin.write('go\n');
    b.proc.stdin.write('go\n');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect([ea.stderr, eb.stderr]).toEqual(['', '']);
    expect([ea.code, eb.code]).toEqual([0, 0]);
    const manifest = await readManifest(dir, 'DUO');
    expect(manifest.records).toHaveLength(80);
    const listed = new Map(manifest.records.map((r) => [r.path, r.sha256]));
    for (const ack of [...a.acks, ...b.acks]) expect(listed.get(ack.relPath)).toBe(ack.sha256);
    expect(await verifyRun(dir, 'DUO')).toMatchObject({ ok: true, checked: 80, problems: [] });
  });

  it('keep the manifest file right while a writer kept open writes out-of-order batches of three and another process appends', async () => {
    const dir = tempDir();
    const child = spawnWriter([dir, 'MIX', '0', '40', 'alpha', '--wait']);
    await child.ready;
    const kept = new ArtifactWriter(dir, { fsync: false });
    child.proc.stdin.write('go\n');
    const item = (tick: number) => ({ runId: 'MIX', tick, kind: 'k', schema: 'S.v0', obj: { tick }, relPath: `x/MIX/kept-${String(tick)}.json` });
    for (let t = 0; t < 36; t += 3) await kept.writeJsonMany([item(t + 2), item(t), item(t + 1)]);
    const exit = await child.exited;
    expect([exit.code, exit.stderr]).toEqual([0, '']);
    await kept.writeJsonMany([item(40), item(1000), item(39)]); // after the child's last batch: patches on files another process left
    await kept.close();
    const left = readFileSync(join(dir, 'manifests', 'MIX.manifest.json'), 'utf8');
    const manifest = await readManifest(dir, 'MIX'); // from the journal
    expect(manifest.records).toHaveLength(40 + 39);
    expect(left).toBe(canonicalJson(manifest));
    expect(await verifyRun(dir, 'MIX')).toMatchObject({ ok: true, checked: 79, problems: [] });
  });

  it('list each record once when they write the same artifacts (idempotent)', async () => {
    const dir = tempDir();
    const a = spawnWriter([dir, 'SAME', '0', '15', 'runtime', '--wait']);
    const b = spawnWriter([dir, 'SAME', '0', '15', 'runtime', '--wait']);
    await Promise.all([a.ready, b.ready]);
    a.proc.stdin.write('go\n');
    b.proc.stdin.write('go\n');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect([ea.code, eb.code]).toEqual([0, 0]);
    expect(a.acks).toEqual(b.acks);
    const manifest = await readManifest(dir, 'SAME');
    expect(manifest.records).toHaveLength(30);
    expect((await verifyRun(dir, 'SAME')).ok).toBe(true);
  });
});

describe('the run lock', () => {
  it('makes a writer give up with ArtifactLockError while a live process holds it, changing nothing', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 50 });
    await write(w, 'L', 0);
    const before = readFileSync(join(dir, 'manifests', 'L.manifest.json'));
    writeLock(dir, 'L', { pid: process.pid });
    const err = await write(w, 'L', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactLockError);
    expect((err as Error).message).toMatch(/ArtifactWriter\.writeJson: .*lock.*held by pid \d+/);
    expect(readFileSync(join(dir, 'manifests', 'L.manifest.json')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'x', 'L', '1.json'))).toBe(false);
  });

  it('waits for a holder on another machine rather than guessing it is dead', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 30 });
    await write(w, 'H', 0);
    writeLock(dir, 'H', { pid: 1, host: `not-${hostname()}` });
    await expect(write(w, 'H', 1)).rejects.toBeInstanceOf(ArtifactLockError);
  });

  it('never blocks on a lock left by a dead process', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 0 });
    await write(w, 'D', 0);
    // A process that has exited: its pid is no longer alive.
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const lock = writeLock(dir, 'D', { pid: deadPid });
    await write(w, 'D', 1);
    expect(existsSync(lock)).toBe(false);
    expect((await readManifest(dir, 'D')).records).toHaveLength(2);
  });

  it('never blocks on a lock from before a reboot, even if its pid is alive now', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 0 });
    await write(w, 'B', 0);
    writeLock(dir, 'B', { pid: process.pid, boot: 'a-boot-that-is-over' });
    await write(w, 'B', 1);
    expect((await readManifest(dir, 'B')).records).toHaveLength(2);
  });

  it('treats an unreadable lock that has not changed for a second as abandoned', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { lockTimeoutMs: 3000 });
    await write(w, 'U', 0);
    writeFileSync(join(dir, 'manifests', 'U.lock'), '');
    await write(w, 'U', 1);
    expect((await readManifest(dir, 'U')).records).toHaveLength(2);
  });
});
