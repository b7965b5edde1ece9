/**
 * @abraxas/ers must run unchanged in a browser. This bundles the built package the way a browser
 * app would (esbuild, platform `browser`, resolving `#sha256` without the `node` condition) and runs
 * the bundle in a bare V8 context that has no `require`, `process` or Node builtins.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

const TICK_ENTRY = `
  import { Budget, DeterministicScheduler, bindCallable, traceHashSha256, sha256Hex } from '@abraxas/ers';
  const s = new DeterministicScheduler();
  s.add(bindCallable({ name: 'oracle:signal', lane: 'forecast', priority: 0, costOps: 1, fn: () => ({ ok: true }) }));
  s.add(bindCallable({ name: 'shadow:sei', lane: 'shadow', priority: 0, costOps: 1, fn: () => ({ ok: true }) }));
  const out = s.runTick({ tick: 0, budgetForecast: new Budget({ ops: 10 }), budgetShadow: new Budget({ ops: 10 }), context: {} });
  globalThis.result = { trace: traceHashSha256(out.trace), empty: sha256Hex('') };
`;

async function bundle(platform: 'browser' | 'node', contents = TICK_ENTRY): Promise<string> {
  const result = await build({
    stdin: {
      contents,
      resolveDir: pkgDir,
      loader: 'js',
    },
    bundle: true,
    write: false,
    platform,
    format: 'iife',
    // Resolve the package through its own name, as a consumer would.
    alias: { '@abraxas/ers': pkgDir },
    // Ignore the package's own tsconfig `paths` (a development convenience consumers never see).
    tsconfigRaw: '{}',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('browser bundle', () => {
  it('builds for the browser platform without Node builtins and hashes correctly in a bare context', async () => {
    const code = await bundle('browser');
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/createHash\b/);
    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder };
    sandbox.globalThis = sandbox;
    runInContext(code, createContext(sandbox));
    expect(sandbox.result).toEqual({
      trace: 'ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16',
      // SHA-256 of the empty string (FIPS 180-4 test vector).
      empty: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
  });

  it('where code from strings is forbidden (a strict Content-Security-Policy), canonical JSON of repeated records is the same', async () => {
    const code = await bundle(
      'browser',
      `
  import { canonicalJson } from '@abraxas/ers';
  const rows = [];
  for (let i = 0; i < 4; i++) rows.push({ b: i, a: 'r' + i, __proto__x: null });
  let refused = '';
  try { new Function('return 1'); } catch (e) { refused = e.name; }
  globalThis.result = { text: canonicalJson(rows), refused };
`,
    );
    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder };
    sandbox.globalThis = sandbox;
    runInContext(code, createContext(sandbox, { codeGeneration: { strings: false, wasm: false } }));
    const rows = [0, 1, 2, 3].map((i) => `{"__proto__x":null,"a":"r${String(i)}","b":${String(i)}}`);
    expect(sandbox.result).toEqual({ text: `[${rows.join(',')}]`, refused: 'EvalError' });
  });

  it('selects node:crypto under the node condition', async () => {
    const code = await bundle('node');
    expect(code).toMatch(/createHash\b/);
  });
});
