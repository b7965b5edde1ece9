/**
 * verifyRun's helper thread in a process started with `node --input-type=module` (`node
 * --input-type=module -e "…"`): workers inherit the flag, so the helper's code is run as an ES
 * module there, and it must still start and confirm files (not fail on every verification).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof import('node:worker_threads')>();
  /** A worker as `node --input-type=module` starts one: its eval code is an ES module. */
  class ModuleWorker extends real.Worker {
    constructor(code: string, options: import('node:worker_threads').WorkerOptions = {}) {
      super(code, { ...options, execArgv: [...(options.execArgv ?? []), '--input-type=module'] });
    }
  }
  return { ...real, Worker: ModuleWorker };
});

const { ArtifactWriter, verifyRun } = await import('../src/index.js');
const { CONFIRMED_WITH_BYTES, setHelperForTests, startJob } = await import('../src/hash-helper.js');
const { tempDir } = await import('./support/fs.js');

const DEFAULTS = setHelperForTests({ parallelFrom: 256, helperFirst: false });
afterEach(() => {
  setHelperForTests(DEFAULTS);
});

describe('the helper thread where eval code is an ES module (node --input-type=module)', () => {
  it('starts and confirms a file', async () => {
    const dir = tempDir();
    const good = Buffer.from('{"a":1}');
    writeFileSync(join(dir, 'good'), good);
    const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      setHelperForTests({ parallelFrom: 1, helperFirst: true });
      const job = startJob({
        paths: [`/proc/self/fd/${String(fd)}/good`],
        sizes: [good.length],
        shas: [createHash('sha256').update(good).digest('hex')],
        folders: [],
        rel: ['d/good'],
        folderOf: [-1],
      });
      const result = await job?.stop();
      expect(result).not.toBeNull();
      expect(result?.status[0]).toBe(CONFIRMED_WITH_BYTES);
    } finally {
      closeSync(fd);
    }
  });

  it('verifies a run as the calling thread alone does', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { fsync: false });
    for (let tick = 0; tick < 40; tick++) await w.writeJson({ runId: 'M', tick, kind: 'k', schema: 'S.v0', obj: { tick }, relPath: `a/M/${String(tick)}.json` });
    await w.close();
    setHelperForTests({ parallelFrom: Infinity, helperFirst: false });
    const alone = await verifyRun(dir, 'M');
    setHelperForTests({ parallelFrom: 1, helperFirst: true });
    expect(await verifyRun(dir, 'M')).toEqual(alone);
  });
});
