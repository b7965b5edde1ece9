/**
 * Retention in the file store: `pruneRecords` deletes listed records' files and keeps a tombstone
 * for each, so the manifest and its Merkle root do not change and `verifyRun` stays ok, counting
 * pruned records apart from missing ones. Refusals change nothing; a planted link is refused, not
 * removed; a pruner SIGKILLed at any moment leaves a run that verifies.
 */
import { existsSync, readFileSync, symlinkSync, unlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArtifactCorruptError,
  ArtifactNotFoundError,
  ArtifactValidationError,
  ArtifactWriter,
  FileStore,
  manifestRootHash,
  readManifest,
  verifyRun,
} from '../src/index.js';
import { trendpackRelPath } from './support/paths.js';
import { spawnPruner } from './support/child.js';
import { tempDir } from './support/fs.js';

const RUN = 'PRUNE-1';

async function writeRun(dir: string, ticks: number): Promise<void> {
  const w = new ArtifactWriter(dir, { fsync: false });
  for (let t = 0; t < ticks; t++) {
    await w.writeJsonMany([
      { runId: RUN, tick: t, kind: 'trendpack', schema: 'TrendPack.v0', relPath: trendpackRelPath(RUN, t), obj: { tick: t, pad: 'x'.repeat(200) } },
      { runId: RUN, tick: t, kind: 'note', schema: 'Note.v0', relPath: `notes/${RUN}/${String(t)}.json`, obj: { tick: t } },
    ]);
  }
  await w.close();
}

const file = (dir: string, rel: string): string => join(dir, ...rel.split('/'));
const ledgerBytes = (dir: string): string[] =>
  ['manifest.json', 'manifest.log'].map((s) => readFileSync(join(dir, 'manifests', `${RUN}.${s}`), 'utf8'));

describe('FileStore.pruneRecords', () => {
  it('deletes the files, keeps the manifest and root, and verifyRun counts them as pruned', async () => {
    const dir = tempDir();
    await writeRun(dir, 4);
    const before = await verifyRun(dir, RUN);
    const ledger = ledgerBytes(dir);
    const store = new FileStore(dir, { fsync: false });
    const paths = [trendpackRelPath(RUN, 0), trendpackRelPath(RUN, 1)];
    const result = await store.pruneRecords(RUN, paths);
    expect(result.pruned.map((r) => r.path)).toEqual(paths);
    expect(result.already).toEqual([]);
    for (const p of paths) expect(existsSync(file(dir, p))).toBe(false);
    expect(ledgerBytes(dir)).toEqual(ledger);
    const after = await verifyRun(dir, RUN);
    expect(after).toEqual({ ok: true, checked: before.checked - 2, pruned: 2, root_hash: before.root_hash, problems: [] });
    expect(manifestRootHash(await readManifest(dir, RUN))).toBe(before.root_hash);
    expect([...(await store.prunedPaths(RUN))].sort()).toEqual(paths);
    await expect(store.readRecord(RUN, paths[0] as string)).rejects.toThrow(/was pruned from run "PRUNE-1"/);
    await expect(store.readRecord(RUN, paths[0] as string)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect((await store.readRecord(RUN, trendpackRelPath(RUN, 2))).record.path).toBe(trendpackRelPath(RUN, 2));

    const again = await store.pruneRecords(RUN, [paths[1] as string, trendpackRelPath(RUN, 2)]);
    expect(again.already).toEqual([paths[1]]);
    expect(again.pruned.map((r) => r.path)).toEqual([trendpackRelPath(RUN, 2)]);
    expect((await verifyRun(dir, RUN)).pruned).toBe(3);
    await store.close();
  });

  it('a listed file deleted without a tombstone is still missing, not pruned', async () => {
    const dir = tempDir();
    await writeRun(dir, 2);
    const store = new FileStore(dir, { fsync: false });
    await store.pruneRecords(RUN, [trendpackRelPath(RUN, 0)]);
    unlinkSync(file(dir, trendpackRelPath(RUN, 1)));
    const r = await verifyRun(dir, RUN);
    expect(r.ok).toBe(false);
    expect(r.pruned).toBe(1);
    expect(r.problems).toEqual([{ path: trendpackRelPath(RUN, 1), problem: 'missing', detail: 'the listed file does not exist' }]);
    await store.close();
  });

  it('refuses an unlisted path or a bad argument before anything changes', async () => {
    const dir = tempDir();
    await writeRun(dir, 2);
    const store = new FileStore(dir, { fsync: false });
    const tp = trendpackRelPath(RUN, 0);
    await expect(store.pruneRecords(RUN, [tp, `viz/${RUN}/999999.trendpack.json`])).rejects.toThrow(
      /^FileStore\.pruneRecords: relPaths\[1\] "viz\/PRUNE-1\/999999\.trendpack\.json" is not listed in run "PRUNE-1"/,
    );
    expect(existsSync(file(dir, tp))).toBe(true);
    expect(existsSync(join(dir, 'manifests', `${RUN}.pruned.log`))).toBe(false);
    await expect(store.pruneRecords(RUN, [])).rejects.toBeInstanceOf(ArtifactValidationError);
    await expect(store.pruneRecords(RUN, ['../x.json'])).rejects.toThrow(/^FileStore\.pruneRecords: relPaths\[0\] /);
    // A hole is no path: refused at its index before anything changes (it used to reach the prune as a TypeError).
    // eslint-disable-next-line no-sparse-arrays
    await expect(store.pruneRecords(RUN, [tp, , tp] as string[])).rejects.toThrow(/^FileStore\.pruneRecords: relPaths\[1\] must be a non-empty string; got undefined$/);
    expect(existsSync(file(dir, tp))).toBe(true);
    await expect(store.pruneRecords('NO-RUN', [trendpackRelPath('NO-RUN', 0)])).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect((await verifyRun(dir, RUN)).pruned).toBe(0);
    await store.close();
  });

  it('refuses a planted link at a record\'s path and leaves it in place', async () => {
    const dir = tempDir();
    const outside = tempDir();
    await writeRun(dir, 1);
    const tp = trendpackRelPath(RUN, 0);
    writeFileSync(join(outside, 'precious.json'), 'keep me');
    unlinkSync(file(dir, tp));
    symlinkSync(join(outside, 'precious.json'), file(dir, tp));
    const store = new FileStore(dir, { fsync: false });
    await expect(store.pruneRecords(RUN, [tp])).rejects.toThrow(/is a symbolic link/);
    expect(lstatSync(file(dir, tp)).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'precious.json'), 'utf8')).toBe('keep me');
    await store.close();
  });

  it('reports a damaged tombstone file, and a tombstone that names other bytes', async () => {
    const dir = tempDir();
    await writeRun(dir, 2);
    const store = new FileStore(dir, { fsync: false });
    await store.pruneRecords(RUN, [trendpackRelPath(RUN, 0)]);
    await store.close();
    const log = join(dir, 'manifests', `${RUN}.pruned.log`);
    const line = readFileSync(log, 'utf8');
    writeFileSync(log, line.replace(/"sha256":"[0-9a-f]/, '"sha256":"z'));
    const r = await verifyRun(dir, RUN);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.path, p.problem])).toEqual([
      [`manifests/${RUN}.pruned.log`, 'tampered'],
      [trendpackRelPath(RUN, 0), 'missing'],
    ]);
    // An uncommitted (torn) last line is not a tombstone, and not damage.
    writeFileSync(log, `${line}{"bytes":1,"pa`);
    expect(await verifyRun(dir, RUN)).toMatchObject({ ok: true, pruned: 1 });
  });
});

describe('a tombstone line JSON can parse but canonical JSON cannot write is damage', () => {
  // Each rewrites the one committed tombstone line; `path` still names a listed record where it can.
  const forged: readonly (readonly [string, (line: string) => string | Buffer])[] = [
    ['a path with a lone surrogate', (l) => l.replace('.json"', '.json\\ud83d"')],
    ['bytes beyond 2^53', (l) => l.replace(/"bytes":\d+/, '"bytes":9007199254740993')],
    ['bytes of 1e400', (l) => l.replace(/"bytes":\d+/, '"bytes":1e400')],
    ['a sha256 with a lone surrogate', (l) => l.replace(/"sha256":"[0-9a-f]{64}"/, '"sha256":"\\ud800"')],
    ['a byte that is not UTF-8 in the path', (l) => Buffer.concat([Buffer.from(l.slice(0, l.indexOf('.json"')), 'utf8'), Buffer.from([0xff]), Buffer.from(l.slice(l.indexOf('.json"')), 'utf8')])],
  ];
  it.each(forged)('%s: verifyRun reports the file tampered, the store refuses it naming the line', async (_what, change) => {
    const dir = tempDir();
    await writeRun(dir, 2);
    const store = new FileStore(dir, { fsync: false });
    await store.pruneRecords(RUN, [trendpackRelPath(RUN, 0)]);
    const log = join(dir, 'manifests', `${RUN}.pruned.log`);
    writeFileSync(log, change(readFileSync(log, 'utf8')));
    const r = await verifyRun(dir, RUN);
    expect(r.problems.map((p) => [p.path, p.problem])).toContainEqual([`manifests/${RUN}.pruned.log`, 'tampered']);
    for (const attempt of [() => store.prunedPaths(RUN), () => store.pruneRecords(RUN, [`notes/${RUN}/1.json`])]) {
      const err = (await attempt().catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(ArtifactCorruptError);
      expect(err.message).toMatch(new RegExp(`manifests/${RUN}\\.pruned\\.log line 1 is not a (canonical tombstone line|tombstone \\{bytes, path, sha256\\})$`));
    }
    expect(existsSync(file(dir, `notes/${RUN}/1.json`))).toBe(true);
    await store.close();
  });
});

describe('a pruner killed with SIGKILL', () => {
  it('leaves a run that verifies with its root at every kill, and the next pruner finishes the job', async () => {
    const dir = tempDir();
    await writeRun(dir, 30);
    const root = (await verifyRun(dir, RUN)).root_hash;
    const total = (await readManifest(dir, RUN)).records.length;
    const acked = new Set<string>();
    for (const [n, delay] of [[0, 3], [1, 0], [2, 1], [4, 0], [3, 2], [6, 0], [5, 1], [8, 0], [2, 4], [10, 0], [12, 1], [7, 0]] as const) {
      const child = spawnPruner([dir, RUN, '3']);
      if (n > 0) await child.waitForAcks(n).catch(() => undefined);
      if (delay > 0) await sleep(delay);
      child.proc.kill('SIGKILL');
      await child.exited;
      for (const a of child.acks) acked.add(a.relPath);
      const r = await verifyRun(dir, RUN);
      expect(r.problems).toEqual([]);
      expect(r.root_hash).toBe(root);
      expect(r.checked + r.pruned).toBe(total);
      const pruned = await new FileStore(dir).prunedPaths(RUN);
      for (const p of acked) {
        expect(pruned.has(p), p).toBe(true);
        expect(existsSync(file(dir, p)), p).toBe(false);
      }
    }
    expect(acked.size).toBeLessThan(total); // the kills interrupted the pruners
    const last = spawnPruner([dir, RUN, '3']);
    expect((await last.exited).code).toBe(0);
    expect(await verifyRun(dir, RUN)).toEqual({ ok: true, checked: 0, pruned: total, root_hash: root, problems: [] });
  });
});
