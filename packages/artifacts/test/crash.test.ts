import { canonicalJson } from '@abraxas/ers';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, readManifest, verifyRun } from '../src/index.js';
import { runIndexRelPath, trendpackRelPath } from './support/paths.js';
import { spawnWriter, type Ack } from './support/child.js';
import { tempDir } from './support/fs.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const tickOf = (relPath: string): number => Number(/\/(\d+)\.[a-z]+\.json$/.exec(relPath)?.[1]);

/** Everything a crash must not break, checked on the folder as the killed writer left it. */
async function expectIntact(dir: string, runId: string, acks: readonly Ack[]): Promise<void> {
  // No artifact file is torn: every non-temporary file in the run's folders is complete JSON.
  for (const folder of [join(dir, 'viz', runId), join(dir, 'run_index', runId)]) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (name.startsWith('.')) continue; // a write in progress (.<file>.pending), never an artifact
      expect(() => JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown, `${folder}/${name}`).not.toThrow();
    }
  }
  // verifyRun restores the manifest if the crash left it behind and finds nothing wrong.
  const result = await verifyRun(dir, runId);
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
  const manifest = await readManifest(dir, runId);
  expect(result.root_hash).toBeDefined();
  // Every write whose promise resolved is listed, with the acknowledged hash, and the file hashes right.
  const listed = new Map(manifest.records.map((r) => [r.path, r.sha256]));
  for (const ack of acks) {
    expect(listed.get(ack.relPath), ack.relPath).toBe(ack.sha256);
    expect(sha256(readFileSync(join(dir, ...ack.relPath.split('/'))))).toBe(ack.sha256);
  }
  // The manifest file itself parses and is exactly the canonical form of what readManifest returns.
  const text = readFileSync(join(dir, 'manifests', `${runId}.manifest.json`), 'utf8');
  expect(JSON.parse(text)).toEqual(manifest);
  expect(text).toBe(canonicalJson(manifest));
}

// "runtime": a tick is two writeJson calls; "batch": one writeJsonMany of both, so kills land
// mid-batch (between its pending files, its one journal append and its renames).
describe.each(['runtime', 'batch'])('crash safety: a %s writer process killed with SIGKILL', (pattern) => {
  it('loses no acknowledged write, tears no file, leaves a parseable manifest, and the next writer carries on', async () => {
    const dir = tempDir();
    const runId = 'CRASH-1';
    const acked: Ack[] = [];
    // Kill moments: after n acknowledged writes, then after d ms (0: at once), so kills land at
    // different points of the write protocol.
    const moments: [number, number][] = [
      [1, 0],
      [2, 1],
      [5, 0],
      [3, 2],
      [8, 0],
      [4, 3],
      [6, 0],
      [7, 1],
      [3, 0],
      [9, 4],
    ];
    let nextTick = 0;
    let interrupted = 0;
    const killAt = async (n: number, delay: number): Promise<void> => {
      const child = spawnWriter([dir, runId, String(nextTick), 'forever', pattern]);
      await child.waitForAcks(n);
      if (delay > 0) await sleep(delay);
      child.proc.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal).toBe('SIGKILL');
      // The child writes without pause, so most kills land inside a write, leaving its lock behind.
      if (existsSync(join(dir, 'manifests', `${runId}.lock`))) interrupted++;
      acked.push(...child.acks);
      await expectIntact(dir, runId, acked);
      // Carry on from the last acknowledged tick: writing it again is idempotent.
      const last = child.acks[child.acks.length - 1];
      nextTick = last === undefined ? nextTick : tickOf(last.relPath);
    };
    for (const [n, delay] of moments) await killAt(n, delay);
    // Where a kill lands is up to the scheduler: on a loaded machine all ten may fall between
    // writes. Kill again (a bounded number of times) until one has landed inside a write.
    for (let extra = 0; interrupted === 0 && extra < 30; extra++) await killAt(2, extra % 3);
    expect(acked.length).toBeGreaterThanOrEqual(48);
    expect(interrupted).toBeGreaterThan(0);

    // A writer in this process carries on after the last kill.
    // (A write the child committed but was killed before acknowledging is listed: start after it.)
    const writer = new ArtifactWriter(dir);
    const from = Math.max(nextTick, ...(await readManifest(dir, runId)).records.map((r) => r.tick)) + 1;
    for (let tick = from; tick < from + 3; tick++) {
      const tp = await writer.writeJson({ runId, tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick }, relPath: trendpackRelPath(runId, tick) });
      await writer.writeJson({
        runId,
        tick,
        kind: 'runindex',
        schema: 'RunIndex.v0',
        obj: { refs: { trendpack: tp.rel_path }, hashes: { trendpack_sha256: tp.sha256 } },
        relPath: runIndexRelPath(runId, tick),
      });
    }
    const manifest = await readManifest(dir, runId);
    expect(manifest.records.filter((r) => r.tick >= from)).toHaveLength(6);
    const ticks = [...new Set(manifest.records.map((r) => r.tick))];
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, i) => i));
    expect((await verifyRun(dir, runId)).ok).toBe(true);
  });

  it('a process killed mid-run in a fresh folder leaves a run the next process completes', async () => {
    const dir = tempDir();
    const first = spawnWriter([dir, 'CRASH-2', '0', 'forever', pattern]);
    await first.waitForAcks(11);
    first.proc.kill('SIGKILL');
    await first.exited;
    await expectIntact(dir, 'CRASH-2', first.acks);
    const second = spawnWriter([dir, 'CRASH-2', '0', '12', pattern === 'batch' ? 'runtime' : 'batch']);
    const { code, stderr } = await second.exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await expectIntact(dir, 'CRASH-2', [...first.acks, ...second.acks]);
    expect((await readManifest(dir, 'CRASH-2')).records).toHaveLength(24);
  });
});
