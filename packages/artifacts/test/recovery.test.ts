import { canonicalJson } from '@abraxas/ers';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCorruptError, ArtifactWriter, readManifest, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

// Each test puts a run into a state a crash (or a power loss) can leave behind, by editing the
// ledger files directly, then checks that readers and the next writer restore it from the journal.

const NO_FSYNC = { fsync: false } as const;

async function seed(dir: string, runId: string, ticks: number): Promise<void> {
  const w = new ArtifactWriter(dir, NO_FSYNC);
  for (let t = 0; t < ticks; t++) {
    await w.writeJson({ runId, tick: t, kind: 'k', schema: 'S.v0', obj: { t }, relPath: `x/${runId}/${String(t)}.json` });
  }
}

const files = (dir: string, runId: string) => ({
  manifest: join(dir, 'manifests', `${runId}.manifest.json`),
  journal: join(dir, 'manifests', `${runId}.manifest.log`),
  state: join(dir, 'manifests', `${runId}.manifest.state`),
  index: join(dir, 'manifests', `${runId}.manifest.idx`),
});

describe('recovery from what a crash leaves behind', () => {
  it('restores a torn manifest file from the journal on read', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 5);
    const f = files(dir, 'R');
    const good = readFileSync(f.manifest, 'utf8');
    truncateSync(f.manifest, 40); // a tail patch cut short
    expect(canonicalJson(await readManifest(dir, 'R'))).toBe(good);
    expect(readFileSync(f.manifest, 'utf8')).toBe(good);
  });

  it('restores a manifest that is missing or older than the journal, and verifyRun reports the run intact', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 4);
    const f = files(dir, 'R');
    const good = readFileSync(f.manifest, 'utf8');
    const oldState = readFileSync(f.state);
    const oldManifest = readFileSync(f.manifest);
    await seed(dir, 'R', 6); // ticks 0-3 again (idempotent), then 4 and 5
    // Crash after the journal append but before the derived files were updated:
    writeFileSync(f.manifest, oldManifest);
    writeFileSync(f.state, oldState);
    const result = await verifyRun(dir, 'R');
    expect(result).toMatchObject({ ok: true, checked: 6, problems: [] });
    expect(readFileSync(f.manifest, 'utf8')).not.toBe(good);
    unlinkSync(f.manifest);
    expect((await readManifest(dir, 'R')).records).toHaveLength(6);
  });

  it('drops a torn last journal line (a write that never resolved) and the next writer carries on', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 3);
    const f = files(dir, 'R');
    const size = statSync(f.journal).size;
    appendFileSync(f.journal, '{"bytes":12,"kind":"k","pa'); // killed mid-append
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson({ runId: 'R', tick: 3, kind: 'k', schema: 'S.v0', obj: { t: 3 }, relPath: 'x/R/3.json' });
    const journal = readFileSync(f.journal, 'utf8');
    expect(journal.split('\n')).toHaveLength(5); // four lines and the final newline
    expect(journal).not.toContain('"pa\n');
    expect(statSync(f.journal).size).toBeGreaterThan(size);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 4 });
  });

  it('finishes the rename of a committed artifact found under its pending name', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 3);
    const f = files(dir, 'R');
    // Killed after the journal commit, before the rename into place and the state update:
    renameSync(join(dir, 'x', 'R', '2.json'), join(dir, 'x', 'R', '.2.json.pending'));
    unlinkSync(f.state);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 3, problems: [] });
    expect(JSON.parse(readFileSync(join(dir, 'x', 'R', '2.json'), 'utf8'))).toEqual({ t: 2 });
  });

  it('ignores a leftover pending file of a write that never committed', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 2);
    writeFileSync(join(dir, 'x', 'R', '.9.json.pending'), '{"t":'); // killed while writing the bytes
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 2, problems: [] });
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 9, kind: 'k', schema: 'S.v0', obj: { t: 9 }, relPath: 'x/R/9.json' });
    expect(readFileSync(join(dir, 'x', 'R', '9.json'), 'utf8')).toBe('{"t":9}');
  });

  it('rebuilds the derived files after a reboot (they are not fsynced) and when the index is lost', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 4);
    const f = files(dir, 'R');
    // The state file is `<sha256 of body> <length>\n<body>`, the body's first line a JSON head;
    // rewrite it as if written in an earlier boot.
    const raw = readFileSync(f.state, 'utf8');
    const [head = '', ...tailLines] = raw.slice(raw.indexOf('\n') + 1).split('\n');
    const state = JSON.parse(head) as { boot: string };
    expect(state.boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    const body = [JSON.stringify({ ...state, boot: 'before-the-power-loss' }), ...tailLines].join('\n');
    writeFileSync(f.state, `${createHash('sha256').update(body).digest('hex')} ${String(Buffer.byteLength(body))}\n${body}`);
    // Written before a power loss: the derived files may hold anything; the boot id tells.
    writeFileSync(f.manifest, readFileSync(f.manifest, 'utf8').replace('"tick":1', '"tick":7')); // same size, stale content
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 4, kind: 'k', schema: 'S.v0', obj: { t: 4 }, relPath: 'x/R/4.json' });
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 5 }); // the stale manifest was rebuilt
    rmSync(f.index);
    // The rebuilt index still finds old paths: rewriting one is idempotent, not a duplicate.
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 1, kind: 'k', schema: 'S.v0', obj: { t: 1 }, relPath: 'x/R/1.json' });
    expect((await readManifest(dir, 'R')).records).toHaveLength(5);
  });

  it('rebuilds the derived files once from a state file of the earlier format (its tail held as JSON strings)', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 3);
    const f = files(dir, 'R');
    const journal = readFileSync(f.journal, 'utf8').split('\n').filter((l) => l !== '');
    const manifest = readFileSync(f.manifest, 'utf8');
    // Format 1, as the earlier version wrote it: one JSON body, the tail records as JSON strings.
    const tail = journal.map((json) => ({ offset: manifest.indexOf(json), json }));
    const head = JSON.parse(readFileSync(f.state, 'utf8').split('\n')[1] as string) as { boot: string; journal_bytes: number; manifest_bytes: number };
    const body = JSON.stringify({ format: 1, run_id: 'R', boot: head.boot, journal_bytes: head.journal_bytes, records: 3, manifest_bytes: head.manifest_bytes, tail });
    writeFileSync(f.state, `${createHash('sha256').update(body).digest('hex')} ${String(Buffer.byteLength(body))}\n${body}`);
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 3, kind: 'k', schema: 'S.v0', obj: { t: 3 }, relPath: 'x/R/3.json' });
    expect((await readManifest(dir, 'R')).records.map((r) => r.tick)).toEqual([0, 1, 2, 3]);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 4 });
    const state = readFileSync(f.state, 'utf8');
    expect(JSON.parse(state.split('\n')[1] as string)).toMatchObject({ format: 2, records: 4, tail: 4 });
    expect(state.split('\n').slice(2, 6).map((l) => l.slice(l.indexOf(' ') + 1))).toEqual(readFileSync(f.journal, 'utf8').split('\n').slice(0, 4));
  });

  it('recovers from a state file whose checksum holds but whose last tail record is not JSON', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 4);
    const f = files(dir, 'R');
    const good = readFileSync(f.manifest, 'utf8');
    // Rewrite the last tail line as text that is not a record (same shape: `<offset> {…}`), with a
    // checksum that holds, so only the record's own parse can tell.
    const raw = readFileSync(f.state, 'utf8');
    const lines = raw.slice(raw.indexOf('\n') + 1).split('\n');
    const last = lines.length - 2;
    lines[last] = (lines[last] as string).replace(/ \{.*\}$/, ' {not a record}');
    const body = lines.join('\n');
    writeFileSync(f.state, `${createHash('sha256').update(body).digest('hex')} ${String(Buffer.byteLength(body))}\n${body}`);
    // A writer kept from before would trust its own copy: a fresh one reads the forged state.
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 4, kind: 'k', schema: 'S.v0', obj: { t: 4 }, relPath: 'x/R/4.json' });
    const manifest = await readManifest(dir, 'R');
    expect(manifest.records.map((r) => r.tick)).toEqual([0, 1, 2, 3, 4]);
    expect(readFileSync(f.manifest, 'utf8').startsWith(good.slice(0, good.lastIndexOf('],'))), 'the earlier records are unchanged').toBe(true);
    expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: 5 });
    expect(readFileSync(f.state, 'utf8')).not.toContain('{not a record}');
  });

  it('imports a run that has a manifest but no journal', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 3);
    const f = files(dir, 'R');
    const manifest = readFileSync(f.manifest, 'utf8');
    for (const p of [f.journal, f.state, f.index]) rmSync(p);
    expect(canonicalJson(await readManifest(dir, 'R'))).toBe(manifest);
    await seed(dir, 'R', 4);
    expect((await readManifest(dir, 'R')).records).toHaveLength(4);
  });

  it('refuses, naming the file and line, a journal damaged in the middle', async () => {
    const dir = tempDir();
    await seed(dir, 'R', 3);
    const f = files(dir, 'R');
    const lines = readFileSync(f.journal, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"tick":1', '"tick":-1');
    writeFileSync(f.journal, lines.join('\n'));
    rmSync(f.state);
    const err = await readManifest(dir, 'R').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptError);
    expect((err as Error).message).toBe(
      'readManifest: manifests/R.manifest.log line 2 has a tick that is not a non-negative safe integer',
    );
    const result = await verifyRun(dir, 'R');
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { path: 'manifests/R.manifest.log', problem: 'tampered', detail: 'verifyRun: manifests/R.manifest.log line 2 has a tick that is not a non-negative safe integer' },
    ]);
  });
});
