import { filesOf } from '@abraxas/store-contract';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

const run = promisify(execFile);
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// One tick per process, through the built package, as a cron job or a CLI would call it.
const CHILD = `
import { abraxasTick } from ${JSON.stringify(dist)};
const [dir, tick] = process.argv.slice(1);
const t = Number(tick);
const r = await abraxasTick({
  tick: t, runId: 'RUN-P', mode: 'cron', context: { t }, artifactsDir: dir,
  runSignal: (ctx) => ({ s: ctx.t }),
  runCompress: async () => ({ c: true }),
  runOverlay: (ctx) => { if (ctx.t % 3 === 2) throw new Error('every third'); return 1; },
  runShadowTasks: { sei: () => 1 },
});
process.stdout.write(JSON.stringify(r.artifacts));
`;

describe('abraxasTick called once per process', () => {
  it('builds the same run as one handle in one process', async () => {
    expect(existsSync(dist), 'build the package first (pnpm build)').toBe(true);
    const a = await tempDir('per-process');
    for (let t = 0; t < 5; t++) {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD, a, String(t)]);
      expect(JSON.parse(stdout)).toMatchObject({ trendpack_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    }
    const b = await tempDir('one-process');
    const handle = openRun({ runId: 'RUN-P', mode: 'cron', artifactsDir: b });
    for (let t = 0; t < 5; t++) {
      await handle.tick({
        tick: t,
        context: { t },
        runSignal: (ctx) => ({ s: ctx.t }),
        runCompress: () => Promise.resolve({ c: true }),
        runOverlay: (ctx) => {
          if (ctx.t % 3 === 2) throw new Error('every third');
          return 1;
        },
        runShadowTasks: { sei: () => 1 },
      });
    }
    await handle.close();
    const ta = filesOf(a);
    const tb = filesOf(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [path, bytes] of ta) expect(tb.get(path)?.equals(bytes), path).toBe(true);
  });
});
