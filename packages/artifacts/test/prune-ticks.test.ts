/**
 * `pruneTicks` and `abraxas-artifacts prune`: kind-agnostic retention. Only records of the kinds
 * named go, those of the oldest ticks (by `keepLastTicks`, `maxBytes` or both); every other kind
 * stays; the root does not change and the run verifies, counting the pruned records; bad options and
 * a run the folder does not hold are refused with nothing pruned. Expected sizes are the canonical
 * JSON of the bodies written here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArtifactNotFoundError, ArtifactValidationError, FileStore, pruneTicks, readManifest, verifyRun, type ArtifactStore, type StoreWrite } from '../src/index.js';
import { tempDir } from './support/fs.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
const bin = fileURLToPath(new URL(`../${pkg.bin['abraxas-artifacts'] ?? ''}`, import.meta.url));
const cli = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const RUN = 'R';
const rec = (kind: string, tick: number, obj: unknown): StoreWrite => ({ runId: RUN, tick, kind, schema: 'S.v0', obj, relPath: `${kind}/${RUN}/${String(tick)}.json` });

let dir: string;
let store: FileStore;
beforeEach(async () => {
  dir = tempDir();
  store = new FileStore(dir, { fsync: false });
  // Five ticks of a 'frame' (7 bytes: {"t":N}) and a 'note' (9 bytes: {"n":"N"}), and a run-level 'head' at tick 0.
  await store.writeBatch([rec('head', 0, { h: 1 })]);
  for (let t = 0; t < 5; t++) await store.writeBatch([rec('frame', t, { t }), rec('note', t, { n: String(t) })]);
});

describe('pruneTicks', () => {
  it('prunes only the named kinds of the oldest ticks; the root stays and the run verifies', async () => {
    const root = (await store.readManifest(RUN)).root_hash;
    const r = await pruneTicks(store, RUN, { kinds: ['frame', 'note'], keepLastTicks: 2 });
    expect(r.root_hash).toBe(root);
    expect(r.pruned.ticks).toEqual([0, 1, 2]);
    expect(r.pruned.paths).toEqual(['frame/R/0.json', 'note/R/0.json', 'frame/R/1.json', 'note/R/1.json', 'frame/R/2.json', 'note/R/2.json']);
    expect(r.pruned.bytes).toBe(3 * (7 + 9));
    expect(r.kept).toEqual({ ticks: [3, 4], records: 4, bytes: 2 * (7 + 9) });
    expect(existsSync(join(dir, 'head', RUN, '0.json'))).toBe(true);
    expect(existsSync(join(dir, 'frame', RUN, '2.json'))).toBe(false);
    expect(await verifyRun(dir, RUN)).toMatchObject({ ok: true, pruned: 6, root_hash: root });
    // Again: nothing new, the earlier ones counted.
    const again = await pruneTicks(store, RUN, { kinds: ['frame', 'note'], keepLastTicks: 2 });
    expect(again).toMatchObject({ pruned: { ticks: [], paths: [], bytes: 0 }, earlier: 6 });
  });

  it('prunes by bytes, oldest first, and leaves kinds it was not given alone', async () => {
    const r = await pruneTicks(store, RUN, { kinds: ['frame'], maxBytes: 14 });
    expect(r.pruned.paths).toEqual(['frame/R/0.json', 'frame/R/1.json', 'frame/R/2.json']);
    expect(r.kept).toEqual({ ticks: [3, 4], records: 2, bytes: 14 });
    expect((await store.prunedPaths(RUN)).has('note/R/0.json')).toBe(false);
  });

  it('refuses bad options and a store without retention, pruning nothing', async () => {
    const bad: [unknown, RegExp][] = [
      [{ kinds: [], keepLastTicks: 1 }, /^pruneTicks: options\.kinds must be a non-empty array of record kinds/],
      [{ kinds: ['Frame!'], keepLastTicks: 1 }, /^pruneTicks: options\.kinds\[0\] /],
      [{ kinds: ['frame', 'frame'], keepLastTicks: 1 }, /^pruneTicks: options\.kinds must not name a kind twice/],
      // A hole is no kind: refused at its index, like any non-string.
      // eslint-disable-next-line no-sparse-arrays
      [{ kinds: [, 'frame'], keepLastTicks: 0 }, /^pruneTicks: options\.kinds\[0\] .*; got undefined$/],
      // eslint-disable-next-line no-sparse-arrays
      [{ kinds: ['frame', , 'note'], keepLastTicks: 0 }, /^pruneTicks: options\.kinds\[1\] .*; got undefined$/],
      [{ kinds: ['frame', 7], keepLastTicks: 0 }, /^pruneTicks: options\.kinds\[1\] .*; got 7$/],
      [{ kinds: ['frame'] }, /^pruneTicks: options must give keepLastTicks, maxBytes or both/],
      [{ kinds: ['frame'], keepLastTicks: -1 }, /^pruneTicks: options\.keepLastTicks must be a non-negative safe integer/],
      [{ kinds: ['frame'], maxBytes: 1, keep: 1 }, /^pruneTicks: options\.keep is not a known option/],
    ];
    for (const [options, message] of bad) await expect(pruneTicks(store, RUN, options as never)).rejects.toThrow(message);
    const bare: ArtifactStore = { writeBatch: store.writeBatch.bind(store), readRecord: store.readRecord.bind(store), listRecords: store.listRecords.bind(store), readManifest: store.readManifest.bind(store), listRuns: store.listRuns.bind(store), verifyRun: store.verifyRun.bind(store), close: store.close.bind(store) };
    await expect(pruneTicks(bare, RUN, { kinds: ['frame'], keepLastTicks: 0 })).rejects.toThrow(ArtifactValidationError);
    await expect(pruneTicks(store, 'OTHER', { kinds: ['frame'], keepLastTicks: 0 })).rejects.toThrow(ArtifactNotFoundError);
    expect((await store.prunedPaths(RUN)).size).toBe(0);
  });
});

describe('abraxas-artifacts prune <dir> <runId>', () => {
  it('prunes the named kinds, says what it kept, and the run verifies after', async () => {
    const root = (await store.readManifest(RUN)).root_hash;
    const r = cli('prune', dir, RUN, '--kinds', 'frame,note', '--keep-last-ticks', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`run R: pruned 8 records of 4 ticks (64 bytes); kept 2 of 1 ticks (16 bytes); root ${root} unchanged\n`);
    expect(cli('verify', dir, RUN).code).toBe(0);
    expect(await verifyRun(dir, RUN)).toMatchObject({ ok: true, pruned: 8 });
    const json = cli('prune', dir, RUN, '--kinds', 'frame,note', '--max-bytes', '0', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ run_id: RUN, root_hash: root, pruned: { ticks: [4] }, kept: { records: 0 }, earlier: 8 });
    expect((await readManifest(dir, RUN)).records).toHaveLength(11);
  });

  it('exits 2 with one line, pruning nothing, on usage errors and a run the folder does not hold', async () => {
    const cases: [string[], RegExp][] = [
      [['prune', dir, RUN, '--kinds', 'frame'], /^abraxas-artifacts prune: give --keep-last-ticks, --max-bytes or both\n$/],
      [['prune', dir, RUN, '--keep-last-ticks', '1'], /required option '--kinds <kinds>' not specified/],
      [['prune', dir, RUN, '--kinds', 'frame', '--keep-last-ticks', '-1'], /--keep-last-ticks must be a non-negative integer; got "-1"/],
      [['prune', dir, RUN, '--kinds', 'frame,,note', '--keep-last-ticks', '1'], /^error: option '--kinds <kinds>' argument 'frame,,note' is invalid\. --kinds must be record kinds separated by ',', each must be 1-64 characters .*; got "" in "frame,,note"\n$/],
      [['prune', dir, RUN, '--kinds', 'frame,Frame!', '--keep-last-ticks', '1'], /^error: option '--kinds <kinds>' argument 'frame,Frame!' is invalid\. --kinds must be record kinds .*; got "Frame!" in "frame,Frame!"\n$/],
      [['prune', dir, RUN, '--kinds', 'frame,note,frame', '--keep-last-ticks', '1'], /--kinds must not name a kind twice; got "frame" twice in "frame,note,frame"\n$/],
      [['prune', dir, 'OTHER', '--kinds', 'frame', '--keep-last-ticks', '1'], /^abraxas-artifacts: .*"OTHER" has no records in this store\n$/],
      [['prune', join(dir, 'nope'), RUN, '--kinds', 'frame', '--keep-last-ticks', '1'], /^abraxas-artifacts prune: .*nope is not a folder\n$/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect((await store.prunedPaths(RUN)).size).toBe(0);
  });
});
