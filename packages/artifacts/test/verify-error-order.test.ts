/**
 * verifyRun fails with the first error met in record order, as it reads them: a reference rule
 * that fails, or a file that cannot be read, before a later record's folder that cannot be opened
 * (EACCES) is the error reported — the folder's error only when its first record is reached.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fail = vi.hoisted(() => ({ names: [] as string[] }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  const openSync = (path: import('node:fs').PathLike, ...rest: unknown[]): number => {
    if (typeof path === 'string' && fail.names.some((n) => path.endsWith(`/${n}`))) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', errno: -13, syscall: 'open', path });
    }
    return (real.openSync as (...a: unknown[]) => number)(path, ...rest);
  };
  return { ...real, default: { ...real, openSync }, openSync };
});

const { ArtifactWriter, verifyRun } = await import('../src/index.js');
const { setHelperForTests } = await import('../src/hash-helper.js');
const { tempDir } = await import('./support/fs.js');

const RUN = 'E';
const DEFAULTS = setHelperForTests({ parallelFrom: 256, helperFirst: false });
afterEach(() => {
  fail.names = [];
  setHelperForTests(DEFAULTS);
});

/** 300 records: even ticks in a/E (kind "first"), odd ticks in locked/E. */
async function seed(): Promise<string> {
  const dir = tempDir();
  const w = new ArtifactWriter(dir, { fsync: false });
  for (let tick = 0; tick < 300; tick++) {
    await w.writeJson({ runId: RUN, tick, kind: tick % 2 === 0 ? 'first' : 'later', schema: 'S.v0', obj: { tick }, relPath: `${tick % 2 === 0 ? 'a' : 'locked'}/${RUN}/${String(tick)}.json` });
  }
  await w.close();
  return dir;
}

const MODES = [{ parallelFrom: Infinity, helperFirst: false }, { parallelFrom: 1, helperFirst: false }, { parallelFrom: 1, helperFirst: true }];

describe('verifyRun error order', () => {
  it('reports a reference rule failing on the first record before a later folder it cannot open', async () => {
    const dir = await seed();
    fail.names = ['locked'];
    const rule = {
      appliesTo: (r: { kind: string }) => {
        if (r.kind === 'first') throw new Error('the rule failed first');
        return false;
      },
      references: () => ({ references: [], problems: [] }),
    };
    for (const mode of MODES) {
      setHelperForTests(mode);
      await expect(verifyRun(dir, RUN, { references: rule })).rejects.toThrow(/the rule failed first/);
    }
  });

  it('reports the first record\'s unreadable file before a later folder it cannot open', async () => {
    const dir = await seed();
    fail.names = ['locked', '0.json'];
    // Only the calling thread's opens fail here (the helper thread's are real). The helper confirms
    // only a file of the listed digest, so with 0.json's bytes changed (same size) it leaves 0.json to
    // the calling thread however far it got first, as it would a file it could not open.
    const first = join(dir, 'a', RUN, '0.json');
    writeFileSync(first, readFileSync(first, 'utf8').replace('0', '1'));
    for (const mode of MODES.filter((m) => !m.helperFirst)) {
      setHelperForTests(mode);
      await expect(verifyRun(dir, RUN)).rejects.toThrow(/0\.json/);
    }
  });

  it('reports the folder it cannot open once its first record is reached', async () => {
    const dir = await seed();
    fail.names = ['locked'];
    for (const mode of MODES) {
      setHelperForTests(mode);
      await expect(verifyRun(dir, RUN)).rejects.toMatchObject({ code: 'EACCES' });
    }
  });
});
