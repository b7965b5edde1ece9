import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactError, ArtifactWriter, readManifest, verifyRun, type WriteJsonOptions } from '../src/index.js';
import { listTree, tempDir } from './support/fs.js';

// Links planted inside an artifacts folder, at every name the store creates, reads or rewrites.
// The rule: no byte lands outside the root, no file outside it is created, truncated or read as
// the store's own; the write or read is refused with an error naming the path.

const NO_FSYNC = { fsync: false } as const;
const SENTINEL = 'outside file: must never change\n';

const write = (tick: number): WriteJsonOptions => ({ runId: 'R', tick, kind: 'k', schema: 'S', obj: { tick }, relPath: `v/R/${String(tick)}.json` });

/** An outside folder holding one file, and a snapshot to compare it with afterwards. */
function outside(): { dir: string; file: string; missing: string; unchanged: () => void } {
  const dir = tempDir('outside-');
  const file = join(dir, 'victim');
  writeFileSync(file, SENTINEL);
  return {
    dir,
    file,
    missing: join(dir, 'created-through-a-link'),
    unchanged: () => {
      expect(listTree(dir)).toEqual(['victim']);
      expect(readFileSync(file, 'utf8')).toBe(SENTINEL);
    },
  };
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArtifactError);
  return err as Error;
}

// Every file name of the store below the artifacts folder, for run R with one artifact at v/R/1.json.
const FILES = [
  'manifests/R.manifest.log',
  'manifests/R.manifest.json',
  'manifests/R.manifest.state',
  'manifests/R.manifest.idx',
  'manifests/R.lock',
  'manifests/.R.manifest.json.tmp',
  'manifests/.R.manifest.idx.tmp',
  'manifests/.R.manifest.idx.grow.tmp',
  'v/R/.1.json.pending',
  'v/R/1.json',
];

describe('links planted inside the artifacts folder', () => {
  describe.each(['an existing outside file', 'a missing outside file'])('pointing at %s', (target) => {
    it.each(FILES)('refuses a link at %s on a fresh run and writes nothing outside', async (rel) => {
      const dir = tempDir();
      const out = outside();
      mkdirSync(join(dir, 'manifests'));
      mkdirSync(join(dir, 'v', 'R'), { recursive: true });
      symlinkSync(target.includes('existing') ? out.file : out.missing, join(dir, ...rel.split('/')));
      const err = await refusal(new ArtifactWriter(dir, NO_FSYNC).writeJson(write(1)));
      expect(err.message).toContain(rel);
      out.unchanged();
    });

    it.each(FILES.filter((f) => !f.includes('.tmp') && !f.includes('.pending') && !f.endsWith('.lock')))(
      'refuses a link at %s of a run already written, by writers and readers alike',
      async (rel) => {
        const dir = tempDir();
        const out = outside();
        await new ArtifactWriter(dir, NO_FSYNC).writeJson(write(0));
        if (rel === 'v/R/1.json') await new ArtifactWriter(dir, NO_FSYNC).writeJson(write(1));
        const at = join(dir, ...rel.split('/'));
        const own = readFileSync(at);
        if (target.includes('existing')) writeFileSync(out.file, own); // the link's target holds exactly the right bytes
        unlinkSync(at);
        symlinkSync(target.includes('existing') ? out.file : out.missing, at);
        const snapshot = listTree(out.dir).map((f) => `${f} ${readFileSync(join(out.dir, f), 'utf8')}`);
        if (rel !== 'v/R/1.json') {
          expect((await refusal(new ArtifactWriter(dir, NO_FSYNC).writeJson(write(2)))).message).toContain(rel);
          expect((await refusal(readManifest(dir, 'R'))).message).toContain(rel);
        }
        const report = await verifyRun(dir, 'R');
        expect(report.ok).toBe(false);
        expect(report.problems.map((p) => p.path)).toContain(rel);
        expect(listTree(out.dir).map((f) => `${f} ${readFileSync(join(out.dir, f), 'utf8')}`)).toEqual(snapshot);
      },
    );
  });

  it.each(['v', 'v/R', 'manifests'])('refuses a folder %s that is a link to an outside folder, also after the writer has used it', async (rel) => {
    const dir = tempDir();
    const out = outside();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson(write(0));
    const at = join(dir, ...rel.split('/'));
    renameSync(at, `${at}-moved`);
    symlinkSync(out.dir, at);
    const err = await refusal(w.writeJson(write(1)));
    expect(err.message).toContain(JSON.stringify(rel).slice(1, -1));
    expect(err.message).toContain('symbolic link');
    out.unchanged();
  });

  it('readers do not follow a run folder swapped for a link to a copy that matches the ledger', async () => {
    const dir = tempDir();
    const out = outside();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson(write(0));
    const copy = join(out.dir, 'copy');
    mkdirSync(copy);
    writeFileSync(join(copy, '0.json'), readFileSync(join(dir, 'v', 'R', '0.json')));
    rmSync(join(dir, 'v', 'R'), { recursive: true });
    symlinkSync(copy, join(dir, 'v', 'R'));
    const report = await verifyRun(dir, 'R');
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ path: 'v/R/0.json', problem: 'tampered' })]);
    expect(report.problems[0]?.detail).toContain('symbolic link');
  });

  it('refuses a journal that is a hard link to an outside file (writing in place would change it)', async () => {
    const dir = tempDir();
    const out = outside();
    await new ArtifactWriter(dir, NO_FSYNC).writeJson(write(0));
    const journal = join(dir, 'manifests', 'R.manifest.log');
    writeFileSync(out.file, readFileSync(journal));
    const before = readFileSync(out.file, 'utf8');
    unlinkSync(journal);
    linkSync(out.file, journal);
    const err = await refusal(new ArtifactWriter(dir, NO_FSYNC).writeJson(write(1)));
    expect(err.message).toContain('manifests/R.manifest.log is a regular file with 2 hard links');
    expect(readFileSync(out.file, 'utf8')).toBe(before);
  });

  it('a second process swapping the run folder for a link while a long-lived writer writes: nothing lands outside', async () => {
    const dir = tempDir();
    const out = outside();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    await w.writeJson(write(0));
    const runDir = join(dir, 'v', 'R');
    // The swapper flips v/R between the real folder and a link to the outside folder, as fast as it can.
    const script = `
      const fs = require('node:fs');
      const [runDir, target] = process.argv.slice(1);
      const end = Date.now() + 1500;
      let swaps = 0;
      const quietly = (f) => { try { f(); return true; } catch { return false; } };
      const restore = () => {
        quietly(() => fs.lstatSync(runDir).isSymbolicLink() ? fs.unlinkSync(runDir) : fs.rmSync(runDir, { recursive: true }));
        quietly(() => fs.renameSync(runDir + '-real', runDir));
      };
      while (Date.now() < end) {
        if (fs.existsSync(runDir + '-real')) restore();
        if (!quietly(() => fs.renameSync(runDir, runDir + '-real'))) continue;
        // The writer may create the folder again in between: then this round has no link.
        if (quietly(() => fs.symlinkSync(target, runDir))) swaps++;
        for (let i = 0; i < 20000; i++);
        restore();
      }
      restore();
      process.stdout.write(String(swaps));
    `;
    const swapper = spawn(process.execPath, ['-e', script, runDir, out.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let swaps = '';
    swapper.stdout.on('data', (b: Buffer) => (swaps += b.toString()));
    const exited = new Promise<number | null>((r) => swapper.on('exit', r));
    const swapping = { done: false };
    void exited.then(() => (swapping.done = true));
    const outcomes = { ok: 0, refused: 0 };
    for (let tick = 1; !swapping.done; tick++) {
      await new Promise((r) => setImmediate(r)); // let the swapper's exit be seen
      try {
        await w.writeJson(write(tick));
        outcomes.ok++;
      } catch (err) {
        expect(err).toBeInstanceOf(ArtifactError);
        outcomes.refused++;
      }
    }
    expect(await exited).toBe(0);
    expect(Number(swaps)).toBeGreaterThan(0);
    expect(outcomes.ok + outcomes.refused).toBeGreaterThan(0);
    out.unchanged();
    // Every record the ledger holds is a file inside the root (rewrite the misses, then verify).
    expect(existsSync(runDir)).toBe(true);
    const manifest = await readManifest(dir, 'R');
    for (const r of manifest.records) await w.writeJson(write(r.tick));
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });
});
