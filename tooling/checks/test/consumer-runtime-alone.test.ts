/**
 * A team on @abraxas/runtime alone: a pnpm project outside the workspace (pnpm's strict layout,
 * where a dependency's own dependencies are not importable) depends on the runtime only, and runs a
 * tick, reads its TrendPack back, verifies the run and catches a conflict, all from
 * `@abraxas/runtime`'s own exports.
 */
import { runtimeVectors } from '@abraxas/golden-vectors';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAll, sh } from './support/tarballs.js';

const work = mkdtempSync(join(tmpdir(), 'abraxas-runtime-alone-'));
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

const v = runtimeVectors.find((r) => r.shadow_tasks.length > 0);
if (v === undefined) throw new Error('no runtime vector with shadow tasks');

let out: Record<string, unknown> = {};
let dir = '';
beforeAll(() => {
  const t = packAll(join(work, 'tarballs'));
  dir = join(work, 'app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'app', version: '1.0.0', private: true, type: 'module',
    dependencies: { '@abraxas/runtime': `file:${t.runtime}` },
    // The runtime's own dependencies come from these tarballs, not from a registry.
    pnpm: { overrides: { '@abraxas/ers': `file:${t.ers}`, '@abraxas/viz': `file:${t.viz}`, '@abraxas/artifacts': `file:${t.artifacts}` } },
  }));
  sh('pnpm', ['install', '--ignore-workspace', '--config.node-linker=isolated', '--reporter=silent'], dir);
  writeFileSync(join(dir, 'app.js'), `
    import { abraxasTick, ArtifactConflictError, Budget, iterateTicks, readTrendPack, verifyRun, ErsValidationError } from '@abraxas/runtime';
    const out = {};
    try { await import('@abraxas/artifacts'); out.artifactsImportable = true; } catch (e) { out.artifactsImportable = e.code; }
    const ok = () => ({ ok: true });
    const base = {
      tick: ${v.tick}, runId: ${JSON.stringify(v.run_id)}, mode: ${JSON.stringify(v.mode)}, context: {}, artifactsDir: 'artifacts',
      budgetForecast: new Budget({ ops: 50 }), runSignal: ok, runCompress: ok, runOverlay: ok,
    };
    const shadow = (fn) => Object.fromEntries(${JSON.stringify(v.shadow_tasks)}.map((n) => [n, fn]));
    await abraxasTick({ ...base, runShadowTasks: shadow(ok) });
    const tp = await readTrendPack({ artifactsDir: 'artifacts', runId: base.runId, tick: base.tick });
    out.trendpackTick = tp.tick;
    out.ticks = [];
    for await (const t of iterateTicks({ artifactsDir: 'artifacts', runId: base.runId })) out.ticks.push(t.tick);
    out.verified = (await verifyRun('artifacts', base.runId)).ok;
    try {
      await abraxasTick({ ...base, runShadowTasks: shadow(() => { throw new Error('x'); }) });
    } catch (e) { out.conflict = e instanceof ArtifactConflictError; out.conflictCall = e.message.split(':')[0]; }
    try { await abraxasTick({ ...base, tick: -1 }); } catch (e) { out.validation = e instanceof ErsValidationError; }
    console.log(JSON.stringify(out));`);
  out = JSON.parse(sh(process.execPath, ['app.js'], dir)) as Record<string, unknown>;
}, 480_000);

describe('@abraxas/runtime installed alone with pnpm', () => {
  it('has only the runtime at the top of node_modules: @abraxas/artifacts is not importable', () => {
    expect(readdirSync(join(dir, 'node_modules', '@abraxas'))).toEqual(['runtime']);
    expect(out.artifactsImportable).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('writes the golden TrendPack, reads it back and iterates the run through the runtime alone', () => {
    const files = readdirSync(join(dir, 'artifacts', 'viz', v.run_id));
    expect(files.length).toBe(1);
    expect(readFileSync(join(dir, 'artifacts', 'viz', v.run_id, files[0] ?? ''), 'utf8')).toBe(v.expect.trendpack_json);
    expect(out).toMatchObject({ trendpackTick: v.tick, ticks: [v.tick], verified: true });
  });

  it('catches a conflict and a validation error by the classes the runtime exports', () => {
    expect(out).toMatchObject({ conflict: true, conflictCall: 'abraxasTick', validation: true });
  });
});
