/**
 * @abraxas/viz runs unchanged in a browser: a browser-platform esbuild bundle of the package (with
 * @abraxas/ers bundled in) builds, pulls in no Node builtin, and — evaluated in a bare `node:vm`
 * realm with no `require`, `process`, `Buffer` or Node crypto — reproduces the golden TrendPack hash
 * of the spec's canonical scenario.
 */
import { schedulerVectors } from '@abraxas/golden-vectors';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { browserLikeRealm, bundleForBrowser } from './browser-realm.js';

describe('browser bundle', () => {
  it('the package entry bundles for the browser without any Node builtin', async () => {
    const { code, inputs } = await bundleForBrowser("export * from './src/index.ts';", 'AbraxasViz');
    expect(code.length).toBeGreaterThan(0);
    expect(code).not.toMatch(/node:/);
    expect(code).not.toMatch(/\brequire\(/);
    // The scheduler's hash comes from its portable implementation, never node:crypto.
    expect(inputs.some((p) => p.includes('sha256-portable'))).toBe(true);
    expect(inputs.some((p) => p.includes('sha256-node'))).toBe(false);
    expect(inputs.some((p) => p.startsWith('node:'))).toBe(false);
  });

  it('the bundle runs in a realm without require or process and reproduces the golden TrendPack hash', async () => {
    const seed = schedulerVectors.find((v) => v.id === 'seed-invariance-check');
    if (seed === undefined) throw new Error('no canonical scenario vector');
    const { code } = await bundleForBrowser(
      [
        "export * from './src/index.ts';",
        "export { Budget, bindCallable, canonicalJsonBytes, DeterministicScheduler, sha256Hex, traceHashSha256 } from '@abraxas/ers';",
      ].join('\n'),
      'AbraxasBundle',
    );
    const realm = browserLikeRealm();
    vm.runInContext(code, realm);
    const scenario = `
      (() => {
        const V = AbraxasBundle;
        const s = new V.DeterministicScheduler();
        s.add(V.bindCallable({ name: 'oracle:signal', lane: 'forecast', priority: 0, costOps: 1, fn: () => ({ ok: true }) }));
        s.add(V.bindCallable({ name: 'shadow:sei', lane: 'shadow', priority: 0, costOps: 1, fn: () => ({ ok: true }) }));
        const out = s.runTick({ tick: 0, budgetForecast: new V.Budget({ ops: 10 }), budgetShadow: new V.Budget({ ops: 10 }), context: {} });
        const pack = V.ersTraceToTrendpack({
          trace: out.trace,
          runId: ${JSON.stringify(seed.expect.trendpack_run_id)},
          tick: 0,
          provenance: ${JSON.stringify(seed.expect.trendpack_provenance)},
        });
        const fold = V.foldTrendpacks([pack], { budgets: { forecast: { ops: 10 }, shadow: { ops: 10 } } });
        return JSON.stringify({
          env: [typeof require, typeof process, typeof Buffer],
          traceHash: V.traceHashSha256(out.trace),
          packHash: V.sha256Hex(V.canonicalJsonBytes(pack)),
          forecastRemaining: fold.series[0].lanes.forecast.remaining,
        });
      })()`;
    const result = JSON.parse(vm.runInContext(scenario, realm) as string) as {
      env: string[];
      traceHash: string;
      packHash: string;
      forecastRemaining: unknown;
    };
    expect(result.env).toEqual(['undefined', 'undefined', 'undefined']);
    expect(result.traceHash).toBe('ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16');
    expect(result.packHash).toBe(seed.expect.trendpack_sha256);
    expect(result.forecastRemaining).toEqual(seed.expect.remaining.forecast);
  });
});
