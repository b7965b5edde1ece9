/**
 * verifyRun's helper thread (src/hash-helper.ts): it confirms only a regular file with one name,
 * the listed size and the listed digest, opened without following a link; and a run checked with
 * the helper (checking every chunk, or meeting the calling thread) reports exactly what the calling
 * thread alone reports, for an intact run and for every kind of damage.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArtifactWriter, FileStore, verifyRun, type ReferenceRule, type VerifyResult } from '../src/index.js';
import { CONFIRMED_WITH_BYTES, NOT_CONFIRMED, setHelperForTests, startJob } from '../src/hash-helper.js';
import { tempDir } from './support/fs.js';

const RUN = 'H';
const TICKS = 50;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const at = (dir: string, rel: string): string => join(dir, ...rel.split('/'));
const tp = (t: number): string => `viz/${RUN}/${String(t).padStart(6, '0')}.trendpack.json`;
const ri = (t: number): string => `run_index/${RUN}/${String(t).padStart(6, '0')}.runindex.json`;

/** A run of TICKS ticks: a trendpack and an index citing it per tick (2 × TICKS files, several chunks). */
async function seedRun(dir: string): Promise<void> {
  const w = new ArtifactWriter(dir, { fsync: false });
  for (let tick = 0; tick < TICKS; tick++) {
    const t = await w.writeJson({ runId: RUN, tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick, body: 'x'.repeat(tick * 7) }, relPath: tp(tick) });
    await w.writeJson({ runId: RUN, tick, kind: 'runindex', schema: 'RunIndex.v0', obj: { tick, ref: t.rel_path, sha: t.sha256 }, relPath: ri(tick) });
  }
  await w.close();
}

const RULE: ReferenceRule = {
  appliesTo: (r) => r.kind === 'runindex',
  references: (doc) => {
    const d = doc as { ref?: unknown; sha?: unknown };
    return { references: [{ field: 'ref', path: d.ref, sha256: { field: 'sha', value: d.sha } }], problems: [] };
  },
};

/** The report of the calling thread alone, of the helper checking every chunk, and of both meeting. */
async function reports(dir: string, rule: ReferenceRule | null = RULE): Promise<VerifyResult[]> {
  const options = rule === null ? undefined : { references: rule };
  const out: VerifyResult[] = [];
  for (const mode of [{ parallelFrom: Infinity, helperFirst: false }, { parallelFrom: 1, helperFirst: true }, { parallelFrom: 1, helperFirst: false }]) {
    setHelperForTests(mode);
    out.push(await verifyRun(dir, RUN, options));
  }
  return out;
}

const DEFAULTS = setHelperForTests({ parallelFrom: 256, helperFirst: false });
afterEach(() => {
  setHelperForTests(DEFAULTS);
  vi.unstubAllGlobals();
});

describe('the helper thread', () => {
  it('confirms only a regular file with one name, of the listed size and digest, never through a link', async () => {
    const dir = tempDir();
    const out = tempDir();
    const good = Buffer.from('{"a":1}');
    writeFileSync(join(dir, 'good'), good);
    writeFileSync(join(dir, 'short'), good.subarray(1));
    writeFileSync(join(dir, 'changed'), Buffer.from('{"a":2}'));
    writeFileSync(join(out, 'target'), good);
    symlinkSync(join(out, 'target'), join(dir, 'link'));
    writeFileSync(join(dir, 'linked'), good);
    linkSync(join(dir, 'linked'), join(out, 'second-name'));
    mkdirSync(join(dir, 'folder'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'unnamed-folder'));
    writeFileSync(join(dir, 'unnamed'), good);
    const names = ['good', 'short', 'changed', 'link', 'linked', 'folder', 'fifo', 'absent', ''];
    const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      const through = existsSync('/proc/self/fd') ? `/proc/self/fd/${String(fd)}` : dir;
      setHelperForTests({ parallelFrom: 1, helperFirst: true });
      const job = startJob({
        paths: names.map((n) => (n === '' ? '' : `${through}/${n}`)),
        sizes: names.map(() => good.length),
        shas: names.map(() => sha(good)),
        folders: [through, ''],
        rel: names.map((n) => `d/${n}`),
        folderOf: names.map((n) => (n === '' ? -1 : 0)),
      });
      expect(job).not.toBeNull();
      expect(job?.claim(0)).toBe(false);
      const result = await job?.stop();
      expect(result).not.toBeNull();
      const status = [...(result?.status ?? [])];
      expect(status).toEqual(names.map((n) => (n === 'good' ? CONFIRMED_WITH_BYTES : NOT_CONFIRMED)));
      const [arena, offset] = [result?.place[0] ?? -1, result?.place[1] ?? -1];
      expect(Buffer.from(result?.arenas[arena] ?? new ArrayBuffer(0), offset, good.length).equals(good)).toBe(true);
      // The folder's entries no file of the job is named after; the folder not given is left to the caller.
      const pairs = result?.listing[0] ?? [];
      const unnamed = Array.from({ length: pairs.length / 2 }, (_, i) => `${String(pairs[2 * i])} ${String(pairs[2 * i + 1])}`);
      expect(unnamed.sort()).toEqual(['unnamed false', 'unnamed-folder true']);
      expect(result?.listing[1]).toBeNull();
    } finally {
      closeSync(fd);
    }
  });

  it('reports an intact run as the calling thread alone does', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const [alone, helper, both] = await reports(dir);
    expect(alone?.ok).toBe(true);
    expect(alone?.checked).toBe(2 * TICKS);
    expect(helper).toEqual(alone);
    expect(both).toEqual(alone);
    const [noRule, noRuleHelper] = await reports(dir, null);
    expect(noRuleHelper).toEqual(noRule);
  });

  it('reports every kind of damage, in the same order and words, as the calling thread alone does', async () => {
    const dir = tempDir();
    const out = tempDir();
    await seedRun(dir);
    unlinkSync(at(dir, tp(3))); // missing, and the index citing it still verifies its own bytes
    writeFileSync(at(dir, tp(5)), Buffer.concat([readFileSync(at(dir, tp(5))), Buffer.from(' ')])); // size
    const same = readFileSync(at(dir, tp(7)));
    same[same.length - 2] = 0x30;
    writeFileSync(at(dir, tp(7)), same); // tampered, same size
    writeFileSync(join(out, 'copy'), readFileSync(at(dir, tp(9))));
    unlinkSync(at(dir, tp(9)));
    symlinkSync(join(out, 'copy'), at(dir, tp(9))); // a link to a copy that matches
    linkSync(at(dir, tp(11)), join(out, 'second-name')); // a second name outside
    unlinkSync(at(dir, tp(13)));
    execFileSync('mkfifo', [at(dir, tp(13))]); // a FIFO
    unlinkSync(at(dir, tp(15)));
    mkdirSync(at(dir, tp(15))); // a folder
    const index = JSON.parse(readFileSync(at(dir, ri(20)), 'utf8')) as { sha: string };
    writeFileSync(at(dir, ri(20)), JSON.stringify({ ...index, sha: '0'.repeat(64) })); // the index rewritten: its seal broken
    writeFileSync(at(dir, `viz/${RUN}/stray.json`), '{}'); // unlisted
    mkdirSync(at(dir, `run_index/${RUN}/stray-folder`)); // an unlisted folder
    writeFileSync(at(dir, `viz/${RUN}/.000001.trendpack.json.tmp`), '{}'); // a writer's temporary file, ignored
    for (let t = 40; t < TICKS; t++) unlinkSync(at(dir, ri(t))); // a whole chunk's worth missing
    const [alone, helper, both] = await reports(dir);
    expect(alone?.ok).toBe(false);
    expect(alone?.problems.map((p) => `${p.problem} ${p.path}`)).toEqual([
      ...Array.from({ length: TICKS - 40 }, (_, i) => `missing ${ri(40 + i)}`),
      `tampered ${ri(20)}`,
      `missing ${tp(3)}`,
      `size ${tp(5)}`,
      `tampered ${tp(7)}`,
      `tampered ${tp(9)}`,
      `tampered ${tp(11)}`,
      `tampered ${tp(13)}`,
      `tampered ${tp(15)}`,
      `unlisted viz/${RUN}/stray.json`,
      `unlisted run_index/${RUN}/stray-folder`,
    ].sort((a, b) => (a.split(' ')[1] as string).localeCompare(b.split(' ')[1] as string)));
    expect(alone?.problems.find((p) => p.path.endsWith('stray-folder'))?.detail).toBe('a folder the manifest does not account for');
    expect(helper).toEqual(alone);
    expect(both).toEqual(alone);
  });

  it('reports bad references and pruned records as the calling thread alone does', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const store = new FileStore(dir, { fsync: false });
    await store.pruneRecords(RUN, [tp(1), tp(30)]);
    await store.close();
    const w = new ArtifactWriter(dir, { fsync: false });
    await w.writeJson({ runId: RUN, tick: TICKS, kind: 'runindex', schema: 'RunIndex.v0', obj: { tick: TICKS, ref: tp(TICKS + 1), sha: '1'.repeat(64) }, relPath: ri(TICKS) });
    await w.writeJson({ runId: RUN, tick: TICKS + 1, kind: 'runindex', schema: 'RunIndex.v0', obj: { tick: TICKS + 1, ref: tp(2), sha: '1'.repeat(64) }, relPath: ri(TICKS + 1) });
    await w.close();
    const [alone, helper, both] = await reports(dir);
    expect(alone?.pruned).toBe(2);
    expect(alone?.problems.map((p) => `${p.problem} ${p.path}`)).toEqual([`bad_ref ${ri(TICKS)}`, `bad_ref ${ri(TICKS + 1)}`]);
    expect(helper).toEqual(alone);
    expect(both).toEqual(alone);
  });

  it('reports a run folder swapped for a link, and a folder gone, as the calling thread alone does', async () => {
    const dir = tempDir();
    const out = tempDir();
    await seedRun(dir);
    renameSync(at(dir, `viz/${RUN}`), join(out, 'moved'));
    symlinkSync(join(out, 'moved'), at(dir, `viz/${RUN}`));
    rmSync(at(dir, `run_index/${RUN}`), { recursive: true });
    const [alone, helper, both] = await reports(dir);
    expect(alone?.problems).toHaveLength(2 * TICKS);
    expect(new Set(alone?.problems.map((p) => p.problem))).toEqual(new Set(['missing', 'tampered']));
    expect(helper).toEqual(alone);
    expect(both).toEqual(alone);
  });

  it('stops before the folders close when the rule fails, and serves the next verification', async () => {
    const dir = tempDir();
    await seedRun(dir);
    const broken: ReferenceRule = { appliesTo: (r) => (r.path === ri(TICKS - 1) ? ('yes' as unknown as boolean) : false), references: RULE.references };
    for (const helperFirst of [false, true]) {
      setHelperForTests({ parallelFrom: 1, helperFirst });
      await expect(verifyRun(dir, RUN, { references: broken })).rejects.toThrow(/appliesTo must return true or false/);
      expect((await verifyRun(dir, RUN, { references: RULE })).ok).toBe(true);
    }
  });

  it('verifies alone where the process has no SharedArrayBuffer (node --enable-sharedarraybuffer-per-context)', async () => {
    const dir = tempDir();
    await seedRun(dir);
    unlinkSync(at(dir, tp(TICKS - 1)));
    setHelperForTests({ parallelFrom: Infinity, helperFirst: false });
    const alone = await verifyRun(dir, RUN, { references: RULE });
    vi.stubGlobal('SharedArrayBuffer', undefined);
    for (const helperFirst of [false, true]) {
      setHelperForTests({ parallelFrom: 1, helperFirst });
      expect(await verifyRun(dir, RUN, { references: RULE })).toEqual(alone);
    }
  });
});
