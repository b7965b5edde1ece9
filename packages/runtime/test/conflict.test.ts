/**
 * A tick sealed before and run again with a different outcome is refused in the caller's terms:
 * the error names the call the user made (not the artifact store's method), the tick, the artifact
 * and the first field that differs, with both values; and nothing changes on disk.
 */
import { ArtifactConflictError } from '@abraxas/artifacts';
import { filesOf } from '@abraxas/store-contract';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

const ok = () => ({ ok: true });
const boom = () => {
  throw new Error('no data');
};

describe('a conflicting tick', () => {
  it('names RunHandle.tick, the tick and the first differing field of its TrendPack', async () => {
    const dir = await tempDir('conflict');
    const run = openRun({ runId: 'RUN-C', mode: 'test', artifactsDir: dir, fsync: false });
    await run.tick({ tick: 3, context: {}, runSignal: ok, runCompress: ok, runOverlay: ok });
    const before = filesOf(dir);
    const err = await run.tick({ tick: 3, context: {}, runSignal: boom, runCompress: ok, runOverlay: ok }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactConflictError);
    const message = (err as Error).message;
    // TrendPack keys in code-point order: budget (same: a failed step spends its cost), then errors.
    expect(message.startsWith(
      'RunHandle.tick: relPath "viz/RUN-C/000003.trendpack.json" conflicts with what is stored; ' +
        'tick 3 was sealed with a different outcome: trendpack differs at errors[0]: stored nothing, this tick {',
    )).toBe(true);
    expect(message).toContain('this tick {"task":"oracle:signal","lane":"forecast"');
    expect(message).not.toContain('writeJsonMany');
    expect(message.endsWith('nothing was changed')).toBe(true);
    expect(filesOf(dir)).toEqual(before);
    await run.close();
  });

  it('names abraxasTick when the one-call API made it', async () => {
    const dir = await tempDir('conflict');
    const base = { tick: 0, runId: 'RUN-C', mode: 'test', artifactsDir: dir, fsync: false, context: {}, runSignal: ok, runCompress: ok, runOverlay: ok };
    await abraxasTick({ ...base, runShadowTasks: { sei: ok } });
    const err = await abraxasTick({ ...base, runShadowTasks: { sei: boom } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactConflictError);
    expect((err as Error).message).toMatch(
      /^abraxasTick: relPath "viz\/RUN-C\/000000\.trendpack\.json" conflicts with what is stored; tick 0 was sealed with a different outcome: trendpack differs at errors\[0\]: stored nothing, this tick \{/,
    );
  });
});
