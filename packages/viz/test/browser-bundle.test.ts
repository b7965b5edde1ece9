/**
 * @abraxas/viz runs unchanged in a browser: a browser-platform esbuild bundle of the package (with
 * @abraxas/ers bundled in) builds, pulls in no Node builtin, and — evaluated in a bare `node:vm`
 * realm with no `require`, `process`, `Buffer` or Node crypto — reproduces the golden TrendPack hash
 * of the spec's canonical scenario.
 */
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { schedulerVectors } from './vectors.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

async function bundle(contents: string, globalName: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, sourcefile: 'browser-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName,
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild wrote no output');
  return { code: file.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * A UTF-8 `TextEncoder` defined inside the sandbox realm (browsers provide one; a bare vm realm has
 * only the ECMAScript built-ins), so the bytes it returns are that realm's own `Uint8Array`s.
 */
const textEncoderSource = `
globalThis.TextEncoder = class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    const out = [];
    for (const ch of String(input)) {
      const c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }
};`;

/** A bare realm: ECMAScript built-ins plus a TextEncoder, nothing from Node. */
function browserLikeRealm(): vm.Context {
  const context = vm.createContext({});
  vm.runInContext(textEncoderSource, context);
  return context;
}

describe('browser bundle', () => {
  it('the package entry bundles for the browser without any Node builtin', async () => {
    const { code, inputs } = await bundle("export * from './src/index.ts';", 'AbraxasViz');
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
    const { code } = await bundle(
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
