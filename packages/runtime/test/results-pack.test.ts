/**
 * `sealResults`: each tick's task results sealed as a `ResultsPack.v0`, listed in the manifest and
 * cited by the RunIndex; the TrendPack unchanged; values left out on request; size limits and
 * values canonical JSON cannot hold refused with nothing written; `readTickResults` checked against
 * the ledger; the shipped JSON Schema accepts what a run writes.
 */
import { FileStore, readManifest, verifyRun, type StoreWrite } from '@abraxas/artifacts';
import { sha256Hex } from '@abraxas/ers';
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
  openRun,
  readTickResults,
  ResultsPackError,
  RuntimeValidationError,
  type ResultsPack,
} from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validatePack = ajv.compile(JSON.parse(readFileSync(require.resolve('@abraxas/runtime/schemas/results-pack.v0.schema.json'), 'utf8')) as object);

const work = pipeline({ failShadowOn: [1] });
const run = { runId: 'R', mode: 'test', fsync: false } as const;

describe('sealResults', () => {
  it('seals every task result of every tick, cited by the RunIndex, with the TrendPack unchanged', async () => {
    const sealed = await tempDir('results');
    const plain = await tempDir('results');
    for (let t = 0; t < 3; t++) {
      const r = await abraxasTick({ ...run, artifactsDir: sealed, sealResults: true, ...work(t) });
      const p = await abraxasTick({ ...run, artifactsDir: plain, ...work(t) });
      expect(r.artifacts.trendpack_sha256).toBe(p.artifacts.trendpack_sha256);
      expect(r.artifacts.results).toBe(join(sealed, 'results', 'R', `00000${t}.results.json`));
      const pack = await readTickResults({ artifactsDir: sealed, runId: 'R', tick: t });
      expect(validatePack(pack), ajv.errorsText(validatePack.errors)).toBe(true);
      expect(pack.values).toBe(true);
      // What the test pipeline's tasks return, from its definition.
      expect(pack.results['oracle:signal']).toEqual({ lane: 'forecast', status: 'ok', error: null, cost_ops: 10, cost_entropy: 0, value: { signal: t * 2 } });
      expect(pack.results['oracle:compress']?.value).toEqual({ compressed: t + 1 });
      expect(pack.results['oracle:overlay']?.value).toEqual({ overlay: 3 });
      expect(pack.results['shadow:sei']?.value).toEqual({ sei: t });
      if (t === 1) {
        // A failed task's result holds value null (the scheduler's), sealed as it is.
        expect(pack.results['shadow:anagram']).toEqual({ lane: 'shadow', status: 'error', error: 'Boom: deliberate failure', cost_ops: 2, cost_entropy: 0, value: null });
      } else {
        expect(pack.results['shadow:anagram']?.value).toEqual({ anagram: true });
      }
      const bytes = await readFile(r.artifacts.results ?? '');
      const index = JSON.parse(await readFile(r.artifacts.runindex, 'utf8')) as { refs: Record<string, string>; hashes: Record<string, string> };
      expect(index.refs.results).toBe(`results/R/00000${t}.results.json`);
      expect(index.hashes.results_sha256).toBe(sha256Hex(bytes));
      expect(r.artifacts.results_sha256).toBe(sha256Hex(bytes));
    }
    const m = await readManifest(sealed, 'R');
    expect(m.records.filter((x) => x.kind === 'results').map((x) => [x.tick, x.schema, x.extra])).toEqual([0, 1, 2].map((t) => [t, 'ResultsPack.v0', { mode: 'test' }]));
    expect((await verifyRun(sealed, 'R')).ok).toBe(true);
    // A run without the option writes exactly what it wrote before: no pack, no ref.
    expect([...(filesOf(plain)).keys()].some((k) => k.startsWith('results/'))).toBe(false);
  });

  it('a run handle writes the same tree as one call per tick; two folders hold the same bytes', async () => {
    const a = await tempDir('results');
    const b = await tempDir('results');
    for (let t = 0; t < 3; t++) await abraxasTick({ ...run, artifactsDir: a, sealResults: { values: true }, ...work(t) });
    const h = openRun<TestContext>({ ...run, artifactsDir: b, sealResults: true });
    for (let t = 0; t < 3; t++) await h.tick(work(t));
    await h.close();
    expect(filesOf(b)).toEqual(filesOf(a));
  });

  it('values: false seals statuses, errors and costs, and no value', async () => {
    const dir = await tempDir('results');
    await abraxasTick({ ...run, artifactsDir: dir, sealResults: { values: false }, ...work(1) });
    const pack = await readTickResults({ artifactsDir: dir, runId: 'R', tick: 1 });
    expect(validatePack(pack)).toBe(true);
    expect(pack.values).toBe(false);
    for (const r of Object.values(pack.results)) expect('value' in r).toBe(false);
    expect(pack.results['shadow:anagram']?.status).toBe('error');
    expect(Object.keys(pack.results).sort()).toEqual(['oracle:compress', 'oracle:overlay', 'oracle:signal', 'shadow:anagram', 'shadow:sei']);
    // The schema refuses a value in a pack that leaves values out.
    const withValue = { ...pack, results: { ...pack.results, 'oracle:signal': { ...pack.results['oracle:signal'], value: 1 } } };
    expect(validatePack(withValue)).toBe(false);
  });

  it('a step that returns nothing seals no value; a value canonical JSON cannot hold is refused and nothing is written', async () => {
    const dir = await tempDir('results');
    await abraxasTick({ ...run, artifactsDir: dir, sealResults: true, ...work(0), runOverlay: () => undefined });
    const pack: ResultsPack = await readTickResults({ artifactsDir: dir, runId: 'R', tick: 0 });
    expect(pack.results['oracle:overlay']).toEqual({ lane: 'forecast', status: 'ok', error: null, cost_ops: 10, cost_entropy: 0 });
    const before = filesOf(dir);
    const bad = abraxasTick({ ...run, artifactsDir: dir, sealResults: true, ...work(1), runShadowTasks: { big: () => 10n } });
    await expect(bad).rejects.toThrow(ResultsPackError);
    await expect(abraxasTick({ ...run, artifactsDir: dir, sealResults: true, ...work(1), runShadowTasks: { big: () => 10n } })).rejects.toThrow(
      /^abraxasTick: results\/R\/000001\.results\.json cannot seal results\["shadow:big"\]\.value: canonical JSON cannot hold it/,
    );
    expect(filesOf(dir)).toEqual(before);
  });

  it('refuses a value over maxValueBytes and a pack over maxPackBytes, naming the limit; nothing is written', async () => {
    const dir = await tempDir('results');
    const big = { runShadowTasks: { big: () => 'x'.repeat(100) } };
    // The value's canonical JSON is 102 bytes (the string and its two quotes).
    await expect(abraxasTick({ ...run, artifactsDir: dir, sealResults: { maxValueBytes: 101 }, ...work(0), ...big })).rejects.toThrow(
      /results\["shadow:big"\]\.value: it is 102 bytes of canonical JSON, over sealResults\.maxValueBytes \(101\); nothing was written/,
    );
    await expect(abraxasTick({ ...run, artifactsDir: dir, sealResults: { maxPackBytes: 200 }, ...work(0), ...big })).rejects.toThrow(
      /^abraxasTick: results\/R\/000000\.results\.json is \d+ bytes of canonical JSON, over sealResults\.maxPackBytes \(200\)/,
    );
    expect(filesOf(dir)).toEqual(new Map());
    // Exactly at the limit is fine.
    await abraxasTick({ ...run, artifactsDir: dir, sealResults: { maxValueBytes: 102 }, ...work(0), ...big });
    expect((await readTickResults({ artifactsDir: dir, runId: 'R', tick: 0 })).results['shadow:big']?.value).toBe('x'.repeat(100));
  });

  it('refuses bad options naming the function, the field and the rule', () => {
    const dir = '/nonexistent-never-written';
    const call = (sealResults: unknown) => () => openRun({ ...run, artifactsDir: dir, sealResults: sealResults as never });
    expect(call('yes')).toThrow(RuntimeValidationError);
    expect(call('yes')).toThrow(/^openRun: sealResults must be a boolean or a plain object/);
    expect(call({ values: 1 })).toThrow(/^openRun: sealResults\.values must be a boolean/);
    expect(call({ maxValueBytes: 0 })).toThrow(/^openRun: sealResults\.maxValueBytes must be a positive safe integer/);
    expect(call({ maxPackBytes: 1.5 })).toThrow(/^openRun: sealResults\.maxPackBytes must be a positive safe integer/);
    expect(call({ maxValuebytes: 5 })).toThrow(/^openRun: sealResults\.maxValuebytes is not a field of sealResults .*did you mean maxValueBytes\?/);
  });

  it('readTickResults checks the pack against the ledger: a missing tick, altered bytes, a record that is no ResultsPack', async () => {
    const dir = await tempDir('results');
    await abraxasTick({ ...run, artifactsDir: dir, sealResults: true, ...work(0) });
    await expect(readTickResults({ artifactsDir: dir, runId: 'R', tick: 1 })).rejects.toThrow(ArtifactNotFoundError);
    await expect(readTickResults({ artifactsDir: dir, runId: 'R', tick: -1 })).rejects.toThrow(/^readTickResults: tick must be a non-negative safe integer/);
    await expect(readTickResults({ artifactsDir: dir, runId: 'R', tick: 0, extra: 1 } as never)).rejects.toThrow(new RuntimeValidationError('readTickResults', 'extra', 'is not a known option; known options are artifactsDir, store, runId, tick'));
    const file = join(dir, 'results', 'R', '000000.results.json');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('"signal":0', '"signal":1'));
    await expect(readTickResults({ artifactsDir: dir, runId: 'R', tick: 0 })).rejects.toThrow(/^readTickResults: results\/R\/000000\.results\.json does not match its sealed sha256/);
    // Sealed correctly, but not a ResultsPack: the checker names the field.
    const store = new FileStore(dir, { fsync: false });
    const item = (obj: unknown, tick: number): StoreWrite => ({ runId: 'R', tick, kind: 'results', schema: 'ResultsPack.v0', obj, relPath: `results/R/00000${tick}.results.json` });
    const good = JSON.parse(original) as ResultsPack;
    await store.writeBatch([item({ ...good, tick: 5, results: { 'oracle:signal': { ...good.results['oracle:signal'], status: 'fine' } } }, 5)]);
    await expect(readTickResults({ store, runId: 'R', tick: 5 })).rejects.toThrow(/^readTickResults: results\/R\/000005\.results\.json results\["oracle:signal"\]\.status must be ok, error or skipped_budget/);
    await store.writeBatch([item({ ...good, tick: 6, values: false }, 6)]);
    await expect(readTickResults({ store, runId: 'R', tick: 6 })).rejects.toThrow(/holds a value, but the pack says values are left out/);
    await store.writeBatch([item({ ...good, tick: 8 }, 7)]);
    await expect(readTickResults({ store, runId: 'R', tick: 7 })).rejects.toThrow(/is not the ResultsPack\.v0 of run "R" tick 7/);
  });
});
