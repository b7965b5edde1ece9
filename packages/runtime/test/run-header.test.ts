/**
 * `runHeader`: the run's `RunHeader.v0` sealed once (manifest tick 0), cited by every RunIndex and
 * covered by verifyRun; the same tree from a handle and from one call per tick, and in any folder
 * (the environment, only on request, is the one field that depends on the machine); a run resumed
 * with another header refused with every difference, nothing written; bad options refused;
 * `readRunHeader` checked against the ledger; the shipped JSON Schema accepts what a run writes.
 */
import { ArtifactConflictError, ArtifactNotFoundError as StoreNotFound, FileStore, readManifest, type ArtifactStore } from '@abraxas/artifacts';
import { Budget, sha256Hex } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abraxasTick,
  ArtifactNotFoundError,
  listRuns,
  openRun,
  pruneRun,
  queryRun,
  readRunHeader,
  RunHeaderError,
  RuntimeValidationError,
  verifyRun,
  type RunHeader,
} from '../src/index.js';
import { tempDir } from './support/fs.js';
import { steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateHeader = ajv.compile(JSON.parse(readFileSync(require.resolve('@abraxas/runtime/schemas/run-header.v0.schema.json'), 'utf8')) as object);

/** The version in a workspace package's package.json: what the header must record for it. */
function versionIn(dir: string): string {
  return (JSON.parse(readFileSync(new URL(`../../${dir}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
}
const PACKAGES = {
  '@abraxas/artifacts': versionIn('artifacts'),
  '@abraxas/ers': versionIn('ers'),
  '@abraxas/runtime': versionIn('runtime'),
  '@abraxas/viz': versionIn('viz'),
};
/** The reference's costs and budgets (forecast steps 10 ops, shadow tasks 2, budgets 50 / 20 ops, concurrency 1). */
const REFERENCE = {
  budget_forecast: { ops: 50, entropy: 0 },
  budget_shadow: { ops: 20, entropy: 0 },
  forecast_cost_ops: { signal: 10, compress: 10, overlay: 10 },
  shadow_cost_ops: 2,
  shadow_cost_ops_by_name: {},
  shadow_concurrency: 1,
};
const HEADER_PATH = 'header/R/run.header.json';

const work = pipeline();
const run = { runId: 'R', mode: 'test', fsync: false } as const;

async function runIndexOf(dir: string, tick: number): Promise<{ refs: Record<string, string>; hashes: Record<string, string> }> {
  return JSON.parse(await readFile(join(dir, 'run_index', 'R', `00000${tick}.runindex.json`), 'utf8')) as { refs: Record<string, string>; hashes: Record<string, string> };
}

describe('runHeader', () => {
  it('seals the header once, at manifest tick 0, cited by every RunIndex; verifyRun covers the reference', async () => {
    const dir = await tempDir('header');
    for (let t = 0; t < 3; t++) {
      const r = await abraxasTick({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'git:0123abc' }, ...work(t) });
      expect(r.artifacts.header).toBe(join(dir, 'header', 'R', 'run.header.json'));
      const bytes = await readFile(join(dir, HEADER_PATH));
      expect(r.artifacts.header_sha256).toBe(sha256Hex(bytes));
      const index = await runIndexOf(dir, t);
      expect(index.refs.header).toBe(HEADER_PATH);
      expect(index.hashes.header_sha256).toBe(sha256Hex(bytes));
    }
    const header = await readRunHeader({ artifactsDir: dir, runId: 'R' });
    expect(header).toEqual({
      schema: 'RunHeader.v0',
      run_id: 'R',
      provenance: { engine: 'abraxas', mode: 'test' },
      packages: PACKAGES,
      fingerprint: 'git:0123abc',
      costs: REFERENCE,
      promotion: null,
    } satisfies RunHeader);
    expect(validateHeader(header), ajv.errorsText(validateHeader.errors)).toBe(true);
    const m = await readManifest(dir, 'R');
    expect(m.records.filter((x) => x.kind === 'header').map((x) => [x.tick, x.path, x.schema, x.extra])).toEqual([[0, HEADER_PATH, 'RunHeader.v0', { mode: 'test' }]]);
    expect((await verifyRun(dir, 'R')).ok).toBe(true);

    // verifyRun's reference check covers the header: a RunIndex citing it with another hash is reported.
    const index = await runIndexOf(dir, 0);
    const store = new FileStore(dir, { fsync: false });
    const forged = { ...index, tick: 9, hashes: { ...index.hashes, header_sha256: '0'.repeat(64) } };
    await store.writeBatch([{ runId: 'R', tick: 9, kind: 'runindex', schema: 'RunIndex.v0', relPath: 'run_index/R/000009.runindex.json', obj: forged, extra: { mode: 'test' } }]);
    await store.close();
    const report = await verifyRun(dir, 'R');
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.path, p.problem])).toEqual([['run_index/R/000009.runindex.json', 'bad_ref']]);
    expect(report.problems[0]?.detail).toContain(`hashes.header_sha256 is "${'0'.repeat(64)}"`);
  });

  it('records the run defaults of a handle and the promotion settings of a run with metrics', async () => {
    const dir = await tempDir('header');
    const h = openRun<TestContext>({
      ...run,
      artifactsDir: dir,
      runHeader: true,
      budgetForecast: new Budget({ ops: 60, entropy: 1 }),
      shadowCostOps: { sei: 3 },
      shadowConcurrency: 2,
      metrics: { m: steady({ costOps: 4 }) },
      invarianceRuns: 3,
    });
    await h.tick(work(0));
    await h.close();
    const header = await readRunHeader({ artifactsDir: dir, runId: 'R' });
    expect(validateHeader(header), ajv.errorsText(validateHeader.errors)).toBe(true);
    expect(header.fingerprint).toBeNull();
    expect(header.costs).toEqual({ ...REFERENCE, budget_forecast: { ops: 60, entropy: 1 }, shadow_cost_ops_by_name: { sei: 3 }, shadow_concurrency: 2 });
    // The default policy (@abraxas/ers): candidate 1 up; shadow 6 up, 3 down; canary 6 up, 2 down; promoted 2 down; 50 %.
    expect(header.promotion).toEqual({
      policy: {
        candidate: { promote_after: 1 },
        shadow: { promote_after: 6, demote_after: 3 },
        canary: { promote_after: 6, demote_after: 2 },
        promoted: { demote_after: 2 },
        max_cost_percent: 50,
      },
      invariance_runs: 3,
      metrics: { m: { cost_ops: 4, initial_stage: 'candidate' } },
    });
    expect('environment' in header).toBe(false);
  });

  it('without environment: a handle and one call per tick write the same tree, and two folders hold the same bytes', async () => {
    const a = await tempDir('header');
    const b = await tempDir('header');
    for (let t = 0; t < 3; t++) await abraxasTick({ ...run, artifactsDir: a, runHeader: { fingerprint: 'cfg' }, ...work(t) });
    const h = openRun<TestContext>({ ...run, artifactsDir: b, runHeader: { fingerprint: 'cfg', environment: false } });
    for (let t = 0; t < 3; t++) await h.tick(work(t));
    await h.close();
    const tree = filesOf(a);
    expect(filesOf(b)).toEqual(tree);
    expect(tree.has(HEADER_PATH)).toBe(true);
    // Nothing in the header or the RunIndex names the folder.
    for (const [path, bytes] of tree) if (!path.startsWith('manifests/')) expect(bytes.toString('utf8')).not.toContain(a);
  });

  it('with environment: records exactly this process runtime, version, platform and arch; the same machine writes the same tree', async () => {
    const a = await tempDir('header');
    const b = await tempDir('header');
    for (const dir of [a, b]) for (let t = 0; t < 2; t++) await abraxasTick({ ...run, artifactsDir: dir, runHeader: { environment: true }, ...work(t) });
    const header = await readRunHeader({ artifactsDir: a, runId: 'R' });
    expect(header.environment).toEqual({ runtime: 'node', version: process.version, platform: process.platform, arch: process.arch });
    expect(validateHeader(header), ajv.errorsText(validateHeader.errors)).toBe(true);
    expect(filesOf(b)).toEqual(filesOf(a));
  });

  it('a run resumed with another header is refused, naming every differing field and both values; nothing is written', async () => {
    const dir = await tempDir('header');
    const h = openRun<TestContext>({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'a' } });
    await h.tick(work(0));
    await h.tick(work(1));
    await h.close();
    const before = filesOf(dir);

    const other = openRun<TestContext>({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'b' }, budgetForecast: new Budget({ ops: 60, entropy: 0 }) });
    let ran = false;
    const refused = other.tick({ ...work(2), runSignal: () => (ran = true) });
    await expect(refused).rejects.toThrow(ArtifactConflictError);
    await expect(refused).rejects.toThrow(
      /^RunHandle\.tick: relPath "header\/R\/run\.header\.json" conflicts with what is stored; the run was sealed with a different header \(2 fields differ: costs\.budget_forecast\.ops: stored 50, this run 60; fingerprint: stored "a", this run "b"\); .*nothing ran and nothing was written$/,
    );
    expect(ran).toBe(false);
    await other.close();
    const env = JSON.stringify({ runtime: 'node', version: process.version, platform: process.platform, arch: process.arch });
    await expect(abraxasTick({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'a', environment: true }, ...work(2) })).rejects.toThrow(
      `abraxasTick: relPath "header/R/run.header.json" conflicts with what is stored; the run was sealed with a different header (1 field differs: environment: stored nothing, this run ${env});`,
    );
    expect(filesOf(dir)).toEqual(before);

    // The same header again, from a new handle or one call: the run goes on.
    const again = openRun<TestContext>({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'a' } });
    await again.tick(work(2));
    await again.close();
    await abraxasTick({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'a' }, ...work(3) });
    const m = await readManifest(dir, 'R');
    expect(m.records.filter((x) => x.kind === 'header')).toHaveLength(1);
    expect(m.records.filter((x) => x.kind === 'runindex')).toHaveLength(4);
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });

  it('a header sealed by another writer between the early check and the batch: the batch refuses it with every difference', async () => {
    const dir = await tempDir('header');
    await abraxasTick({ ...run, artifactsDir: dir, runHeader: { fingerprint: 'a' }, ...work(0) });
    const before = filesOf(dir);
    // A store that answers the tick's first header read as if no header were sealed yet (the other
    // writer's batch lands after it), and is the folder's FileStore otherwise.
    const real = new FileStore(dir, { fsync: false });
    let hidden = false;
    const racing: ArtifactStore = {
      writeBatch: (items) => real.writeBatch(items),
      readRecord: (runId, relPath) => {
        if (relPath === HEADER_PATH && !hidden) {
          hidden = true;
          return Promise.reject(new StoreNotFound('FileStore.readRecord', 'relPath', `${JSON.stringify(relPath)} is not listed`));
        }
        return real.readRecord(runId, relPath);
      },
      listRecords: (...a) => real.listRecords(...a),
      readManifest: (runId) => real.readManifest(runId),
      listRuns: () => real.listRuns(),
      verifyRun: (runId) => real.verifyRun(runId),
      close: () => real.close(),
    };
    await expect(abraxasTick({ runId: 'R', mode: 'test', store: racing, runHeader: { fingerprint: 'b' }, ...work(1) })).rejects.toThrow(
      /^abraxasTick: relPath "header\/R\/run\.header\.json" conflicts with what is stored; the run was sealed with a different header \(1 field differs: fingerprint: stored "a", this run "b"\); .*nothing was changed$/,
    );
    expect(hidden).toBe(true);
    await real.close();
    expect(filesOf(dir)).toEqual(before);
  });

  it('refuses a bad runHeader before anything runs, naming the function, field and rule; nothing is written', async () => {
    const dir = await tempDir('header');
    const cases: [unknown, RegExp][] = [
      ['yes', /^openRun: runHeader must be a boolean or a plain object \(fingerprint, environment\)/],
      [{ fingerprint: '' }, /^openRun: runHeader\.fingerprint must be a non-empty string/],
      [{ fingerprint: 7 }, /^openRun: runHeader\.fingerprint must be a non-empty string/],
      [{ fingerprint: 'a\ud800' }, /^openRun: runHeader\.fingerprint must be well-formed Unicode/],
      [{ environment: 'yes' }, /^openRun: runHeader\.environment /],
      [{ fingerprnt: 'x' }, /^openRun: runHeader\.fingerprnt is not a field of runHeader \(fingerprint, environment\).*fingerprint/],
    ];
    for (const [runHeader, message] of cases) {
      expect(() => openRun({ ...run, artifactsDir: dir, runHeader: runHeader as never })).toThrow(RuntimeValidationError);
      expect(() => openRun({ ...run, artifactsDir: dir, runHeader: runHeader as never })).toThrow(message);
    }
    let ran = false;
    const call = abraxasTick({ ...run, artifactsDir: dir, runHeader: { fingerprint: '' }, ...work(0), runSignal: () => (ran = true) });
    await expect(call).rejects.toThrow(/^abraxasTick: runHeader\.fingerprint must be a non-empty string/);
    expect(ran).toBe(false);
    expect(filesOf(dir)).toEqual(new Map());
  });

  it('readRunHeader: a run without a header, tampered bytes and bad options are refused', async () => {
    const dir = await tempDir('header');
    await abraxasTick({ ...run, artifactsDir: dir, ...work(0) });
    await expect(readRunHeader({ artifactsDir: dir, runId: 'R' })).rejects.toThrow(ArtifactNotFoundError);
    await expect(readRunHeader({ artifactsDir: dir, runId: 'R', tick: 0 } as never)).rejects.toThrow(new RuntimeValidationError('readRunHeader', 'tick', 'is not a known option; known options are artifactsDir, store, runId'));
    await expect(readRunHeader({ artifactsDir: dir, runId: '../x' })).rejects.toThrow(RuntimeValidationError);

    const sealed = await tempDir('header');
    await abraxasTick({ ...run, artifactsDir: sealed, runHeader: true, ...work(0) });
    const file = join(sealed, HEADER_PATH);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"fingerprint":null', '"fingerprint":"zz"'));
    expect(await readFile(file, 'utf8')).not.toBe(text);
    await expect(readRunHeader({ artifactsDir: sealed, runId: 'R' })).rejects.toThrow(RunHeaderError);
    expect((await verifyRun(sealed, 'R')).ok).toBe(false);
  });

  it('a run starting at tick 5: listRuns counts the header in records, not in ticks; queryRun sees no tick 0; pruneRun keeps it', async () => {
    const dir = await tempDir('header');
    const h = openRun<TestContext>({ ...run, artifactsDir: dir, runHeader: true });
    for (const t of [5, 6, 7]) await h.tick(work(t));
    await h.close();
    const [summary] = await listRuns({ artifactsDir: dir });
    // Three ticks of a TrendPack and a RunIndex each, plus the one header.
    expect(summary).toMatchObject({ run_id: 'R', ticks: 3, first_tick: 5, last_tick: 7, records: 7 });
    const q = await queryRun({ artifactsDir: dir, runId: 'R' });
    expect(q.ticks.map((t) => t.tick)).toEqual([5, 6, 7]);
    expect(q.incomplete).toEqual([]);
    const pruned = await pruneRun({ artifactsDir: dir, runId: 'R', keepLastTicks: 1 });
    expect(pruned.pruned.ticks).toEqual([5, 6]);
    expect(pruned.pruned.paths.some((p) => p.startsWith('header/'))).toBe(false);
    expect((await readRunHeader({ artifactsDir: dir, runId: 'R' })).run_id).toBe('R');
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });

  it('readRunHeader refuses a sealed record that is not a valid header, naming the field; so does the schema', async () => {
    const dir = await tempDir('header');
    await abraxasTick({ ...run, artifactsDir: dir, runHeader: true, ...work(0) });
    const good = await readRunHeader({ artifactsDir: dir, runId: 'R' });
    const cases: [string, object, RegExp][] = [
      ['S1', { ...good, run_id: 'S1', costs: { ...good.costs, shadow_concurrency: 0 } }, /costs\.shadow_concurrency must be a positive safe integer/],
      ['S2', { ...good, run_id: 'S2', fingerprint: '' }, /fingerprint must be a non-empty string or null/],
      ['S3', { ...good, run_id: 'S3', environment: { runtime: 'node' } }, /environment must be an object of non-empty strings/],
      ['S4', { ...good, run_id: 'S4', extra: 1 }, /has an unknown field "extra"/],
      [
        'S5',
        { ...good, run_id: 'S5', promotion: { policy: { candidate: {}, shadow: {}, canary: {}, promoted: {}, max_cost_percent: 101 }, invariance_runs: 1, metrics: {} } },
        /promotion\.policy must hold candidate, shadow, canary and promoted/,
      ],
    ];
    const store = new FileStore(dir, { fsync: false });
    for (const [runId, obj, message] of cases) {
      const relPath = `header/${runId}/run.header.json`;
      await store.writeBatch([{ runId, tick: 0, kind: 'header', schema: 'RunHeader.v0', relPath, obj, extra: { mode: 'test' } }]);
      await expect(readRunHeader({ artifactsDir: dir, runId })).rejects.toThrow(RunHeaderError);
      await expect(readRunHeader({ artifactsDir: dir, runId })).rejects.toThrow(message);
      expect(validateHeader(obj)).toBe(false);
    }
    await store.close();
  });

  it('a run without the option writes no header and no ref', async () => {
    const dir = await tempDir('header');
    const r = await abraxasTick({ ...run, artifactsDir: dir, runHeader: false, ...work(0) });
    expect(r.artifacts.header).toBeUndefined();
    expect([...(filesOf(dir)).keys()].some((k) => k.startsWith('header/'))).toBe(false);
    expect((await runIndexOf(dir, 0)).refs).toEqual({ trendpack: 'viz/R/000000.trendpack.json' });
  });
});
