import { readManifest, verifyRun } from '@abraxas/artifacts';
import { sha256Hex } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const TICKS = [0, 1, 2, 3, 4, 5, 6, 7];
const work = pipeline({ failSignalOn: [3], failShadowOn: [5] });

async function runWithHandle(dir: string): Promise<void> {
  const run = openRun({ runId: 'RUN-A', mode: 'test', artifactsDir: dir, fsync: false });
  for (const t of TICKS) await run.tick(work(t));
  await run.close();
}

describe('the same ticks in two folders', () => {
  it('write byte-identical trees: every file, RunIndex and manifest included', async () => {
    const a = await tempDir('folder-a');
    const b = join(await tempDir('folder-b'), 'nested', 'deeper');
    await runWithHandle(a);
    await runWithHandle(b);
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
    // The spec's tree is all there: a TrendPack and a RunIndex per tick, and the manifest.
    for (const t of TICKS) {
      const name = String(t).padStart(6, '0');
      expect(ta.has(`viz/RUN-A/${name}.trendpack.json`)).toBe(true);
      expect(ta.has(`run_index/RUN-A/${name}.runindex.json`)).toBe(true);
    }
    expect(ta.has('manifests/RUN-A.manifest.json')).toBe(true);
  });

  it('store relative paths only: no folder name appears in any file', async () => {
    const dir = await tempDir('folder-rel');
    await runWithHandle(dir);
    for (const [path, bytes] of filesOf(dir)) {
      expect(bytes.includes(Buffer.from(dir)), path).toBe(false);
    }
    const manifest = await readManifest(dir, 'RUN-A');
    for (const r of manifest.records) expect(r.path.startsWith('/')).toBe(false);
  });

  it('write the same tree with abraxasTick once per tick as with a run handle', async () => {
    const a = await tempDir('one-call');
    const b = await tempDir('handle');
    for (const t of TICKS) await abraxasTick({ runId: 'RUN-A', mode: 'test', artifactsDir: a, fsync: false, ...work(t) });
    await runWithHandle(b);
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
    const v = await verifyRun(a, 'RUN-A');
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(TICKS.length * 2);
    expect(v.root_hash).toBe((await verifyRun(b, 'RUN-A')).root_hash);
  });

  it('give result paths that open and hashes of the bytes there', async () => {
    const dir = await tempDir('paths');
    const r = await abraxasTick({ runId: 'RUN-A', mode: 'test', artifactsDir: dir, ...work(0) });
    expect(r.artifacts.trendpack).toBe(join(dir, 'viz', 'RUN-A', '000000.trendpack.json'));
    expect(r.artifacts.runindex).toBe(join(dir, 'run_index', 'RUN-A', '000000.runindex.json'));
    expect(sha256Hex(await readFile(r.artifacts.trendpack))).toBe(r.artifacts.trendpack_sha256);
    expect(sha256Hex(await readFile(r.artifacts.runindex))).toBe(r.artifacts.runindex_sha256);
  });
});
