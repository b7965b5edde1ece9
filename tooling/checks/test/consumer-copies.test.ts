/**
 * One copy of each class, as adopting projects meet it: packed tarballs installed with npm in
 * projects outside the workspace.
 * - A Jest project with the jsdom environment `require`s @abraxas/ers (its CommonJS build, under
 *   the `browser` condition) and replays the golden scheduler vectors to the reference hashes.
 * - A browser bundle (esbuild, platform `browser`) takes the portable digest, no Node builtin, and
 *   computes the reference hashes in a bare realm.
 * - Two copies of ers in one tree (another path, and the CommonJS build beside the ESM one) pass
 *   Budgets and errors to each other and to an ESM runtime.
 */
import { goldenVectors } from '@abraxas/golden-vectors';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmProject, packAll, sh, type PackageName } from './support/tarballs.js';

const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'abraxas-copies-'));
let tarballs: Record<PackageName, string>;
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

const golden = goldenVectors;
// Only what a replay needs (the expectations stay on this side).
const vectors = golden.scheduler.map(({ id, tick, budget_forecast, budget_shadow, tasks }) => ({ id, tick, budget_forecast, budget_shadow, tasks }));
if (!vectors.some((v) => v.tasks.some((t) => /[^\x20-\x7e]/.test(t.name)))) {
  throw new Error('golden vectors: expected the seed vector and one with non-ASCII task names');
}

/** JavaScript (any module format) that replays the vectors with `ers` and returns `{ id: hash }`. */
const REPLAY = `
function replay(ers, vectors) {
  const out = {};
  for (const v of vectors) {
    const s = new ers.DeterministicScheduler();
    for (const t of v.tasks) {
      s.add(ers.bindCallable({ name: t.name, lane: t.lane, priority: t.priority, costOps: t.cost_ops, costEntropy: t.cost_entropy, tags: t.tags,
        fn: () => { if (t.outcome === 'throw') { const e = new Error('deliberate failure'); e.name = 'Boom'; throw e; } return { ok: true }; } }));
    }
    const r = s.runTick({ tick: v.tick, budgetForecast: new ers.Budget(v.budget_forecast), budgetShadow: new ers.Budget(v.budget_shadow), context: {} });
    out[v.id] = ers.traceHashSha256(r.trace);
  }
  return out;
}`;
const expectedHashes = Object.fromEntries(golden.scheduler.map((v) => [v.id, v.expect.trace_sha256]));

beforeAll(() => {
  tarballs = packAll(join(work, 'tarballs'));
}, 300_000);

describe('a Jest project with the jsdom environment', () => {
  it('requires @abraxas/ers and replays every golden scheduler vector to the reference hash', () => {
    const dir = npmProject(join(work, 'jest'), { '@abraxas/ers': `file:${tarballs.ers}` });
    writeFileSync(
      join(dir, 'ers.test.js'),
      `const ers = require('@abraxas/ers');
       const { decidePromotion } = require('@abraxas/ers/promotion');
       ${REPLAY}
       test('runs under jsdom', () => {
         expect(typeof window.document).toBe('object');
         expect(typeof decidePromotion).toBe('function');
         expect(replay(ers, ${JSON.stringify(vectors)})).toEqual(${JSON.stringify(expectedHashes)});
       });`,
    );
    const report = join(dir, 'jest-report.json');
    sh(process.execPath, [
      join(dirname(require.resolve('jest/package.json')), 'bin', 'jest.js'), '--rootDir', dir, '--ci', '--json', '--outputFile', report,
      '--testEnvironment', require.resolve('jest-environment-jsdom'),
    ], dir);
    const result = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number };
    expect(result).toMatchObject({ numPassedTests: 1, numFailedTests: 0, numTotalTestSuites: 1 });
  }, 300_000);
});

describe('a browser bundle of @abraxas/ers', () => {
  it('takes the portable digest, no Node builtin, and computes the reference hashes in a bare realm', async () => {
    const dir = npmProject(join(work, 'browser'), { '@abraxas/ers': `file:${tarballs.ers}` });
    writeFileSync(join(dir, 'entry.mjs'), `import * as ers from '@abraxas/ers';\n${REPLAY}\nglobalThis.result = replay(ers, ${JSON.stringify(vectors)});\n`);
    const bundled = await build({
      entryPoints: [join(dir, 'entry.mjs')], absWorkingDir: dir, bundle: true, write: false, metafile: true,
      platform: 'browser', format: 'iife', conditions: ['browser'], logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs.some((f) => f.endsWith('sha256-portable.js'))).toBe(true);
    expect(inputs.some((f) => f.includes('sha256-node'))).toBe(false);
    const code = bundled.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/\brequire\(|["']node:/);
    // A realm with only what every browser has and these packages use: no process, no require.
    const realm: { result?: unknown; TextEncoder: typeof TextEncoder; TextDecoder: typeof TextDecoder } = { TextEncoder, TextDecoder };
    runInNewContext(code, realm);
    expect(realm.result).toEqual(expectedHashes);
  }, 300_000);
});

describe('two copies of @abraxas/ers in one tree', () => {
  let out: Record<string, unknown> = {};
  beforeAll(() => {
    // The same package at a second path (as two installed versions are): its own module instance.
    const copyDir = join(work, 'copy');
    mkdirSync(copyDir);
    const copyTarball = join(copyDir, 'ers-copy.tgz');
    copyFileSync(tarballs.ers, copyTarball);
    const dir = npmProject(join(work, 'two-copies'), {
      '@abraxas/ers': `file:${tarballs.ers}`,
      '@abraxas/viz': `file:${tarballs.viz}`,
      '@abraxas/artifacts': `file:${tarballs.artifacts}`,
      '@abraxas/runtime': `file:${tarballs.runtime}`,
      'ers-copy': `file:${copyTarball}`,
    });
    const rv = golden.runtime.find((r) => r.shadow_tasks.length > 0);
    if (rv === undefined) throw new Error('no runtime vector with shadow tasks');
    writeFileSync(
      join(dir, 'copies.mjs'),
      `import { createRequire } from 'node:module';
       import { readFileSync } from 'node:fs';
       import * as esm from '@abraxas/ers';
       import * as copy from 'ers-copy';
       import { abraxasTick } from '@abraxas/runtime';
       const cjs = createRequire(import.meta.url)('@abraxas/ers');
       ${REPLAY}
       const out = {};
       out.distinctClasses = esm.Budget !== cjs.Budget && esm.Budget !== copy.Budget;
       out.cjsBudgetIsEsmBudget = new cjs.Budget({ ops: 1 }) instanceof esm.Budget;
       out.copyBudgetIsEsmBudget = new copy.Budget({ ops: 1 }) instanceof esm.Budget;
       out.esmBudgetIsCopyBudget = new esm.Budget({ ops: 1 }) instanceof copy.Budget;
       out.plainObjectIsBudget = ({ ops: 1, entropy: 0 }) instanceof esm.Budget;
       // The ESM scheduler with Budgets and tasks from the copy.
       const mixed = { ...esm, Budget: copy.Budget, bindCallable: copy.bindCallable };
       out.mixedHashes = replay(mixed, ${JSON.stringify(vectors)});
       // A plain object is still refused, and the error is an ErsValidationError to every copy.
       try {
         new esm.DeterministicScheduler().runTick({ tick: 0, budgetForecast: { ops: 1, entropy: 0 }, budgetShadow: new copy.Budget({ ops: 1 }), context: {} });
         out.plainRefused = false;
       } catch (e) {
         out.plainRefused = e.message;
         out.errorIsCopyValidationError = e instanceof copy.ErsValidationError && e instanceof cjs.ErsValidationError && e instanceof copy.ErsError;
         out.errorIsCopyDuplicateTaskError = e instanceof copy.DuplicateTaskError;
       }
       // The ESM runtime takes Budgets made by the CommonJS build.
       const ok = () => ({ ok: true });
       const r = await abraxasTick({
         tick: ${rv.tick}, runId: ${JSON.stringify(rv.run_id)}, mode: ${JSON.stringify(rv.mode)}, context: {}, artifactsDir: 'artifacts',
         budgetForecast: new cjs.Budget({ ops: 50 }), budgetShadow: new copy.Budget({ ops: 20 }),
         runSignal: ok, runCompress: ok, runOverlay: ok,
         runShadowTasks: Object.fromEntries(${JSON.stringify(rv.shadow_tasks)}.map((n) => [n, ok])),
       });
       out.trendpackIsGolden = readFileSync(r.artifacts.trendpack, 'utf8') === ${JSON.stringify(rv.expect.trendpack_json)};
       console.log(JSON.stringify(out));`,
    );
    out = JSON.parse(sh(process.execPath, ['copies.mjs'], dir)) as Record<string, unknown>;
  }, 300_000);

  it('loads distinct classes (the hazard is real in this tree)', () => {
    expect(out.distinctClasses).toBe(true);
  });

  it('recognises a Budget made by the CommonJS build or by another copy', () => {
    expect(out).toMatchObject({ cjsBudgetIsEsmBudget: true, copyBudgetIsEsmBudget: true, esmBudgetIsCopyBudget: true });
    expect(out.mixedHashes).toEqual(expectedHashes);
  });

  it('still refuses a plain object where a Budget is required', () => {
    expect(out.plainObjectIsBudget).toBe(false);
    expect(out.plainRefused).toBe('DeterministicScheduler.runTick: budgetForecast must be a Budget; got an object');
  });

  it('lets every copy recognise the errors of another, class by class', () => {
    expect(out).toMatchObject({ errorIsCopyValidationError: true, errorIsCopyDuplicateTaskError: false });
  });

  it('runs an ESM runtime tick with Budgets from the CommonJS build and the copy, to the golden TrendPack', () => {
    expect(out.trendpackIsGolden).toBe(true);
  });
});
