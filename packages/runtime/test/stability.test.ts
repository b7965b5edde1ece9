/**
 * `RunStability.v0`: a check's verdict sealed into a run's ledger, read back checked, and the
 * record's rules — the verdict follows from the hashes, it covers the run as it was, a second
 * verdict for the same tick and source is a conflict, bad input is refused before anything is written.
 */
import { filesOf } from '@abraxas/store-contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArtifactConflictError,
  FileStore,
  manifestRootHash,
  readManifest,
  verifyRun,
} from '@abraxas/artifacts';
import { openRun, readRunStability, rootWithoutStability, RuntimeValidationError, sealRunStability, StabilityRecordError } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const RUN = 'RUN-STABLE';
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const schema = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(new URL('../schemas/run-stability.v0.schema.json', import.meta.url), 'utf8')) as object,
);

async function runTicks(dir: string, ticks: number, from = 0): Promise<void> {
  const run = openRun<TestContext>({ runId: RUN, mode: 'test', artifactsDir: dir, fsync: false });
  const work = pipeline({ failShadowOn: [1] });
  for (let t = from; t < from + ticks; t++) await run.tick(work(t));
  await run.close();
}

describe('rootWithoutStability', () => {
  it("is the run's root as it was before any verdict was sealed into it, up to a tick when asked", async () => {
    const dir = await tempDir('stability-root');
    await runTicks(dir, 3);
    const before = await readManifest(dir, RUN);
    const twoTicks = { ...before, records: before.records.filter((r) => r.tick <= 1) };
    await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 'root', hashes: [A, A] });
    await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'stabilization_window', scenario: 'root', hashes: [A, B], toTick: 1 });
    const after = await readManifest(dir, RUN);
    expect(after.records.length).toBe(before.records.length + 2);
    expect(manifestRootHash(after)).not.toBe(manifestRootHash(before));
    expect(rootWithoutStability(after)).toBe(manifestRootHash(before));
    expect(rootWithoutStability(after, 1)).toBe(manifestRootHash(twoTicks));
    expect(rootWithoutStability(before)).toBe(manifestRootHash(before));
  });

  it('refuses a tick that is not one and a value that is not a manifest, naming the function and the field', async () => {
    const dir = await tempDir('stability-root-bad');
    await runTicks(dir, 2);
    const manifest = await readManifest(dir, RUN);
    // A negative, fractional or text tick would otherwise filter the records silently into some other root.
    for (const toTick of [-1, 0.5, '1', Number.NaN]) {
      expect(() => rootWithoutStability(manifest, toTick as never)).toThrow(new RuntimeValidationError('rootWithoutStability', 'toTick', 'must be a non-negative safe integer', toTick));
    }
    expect(() => rootWithoutStability(null as never)).toThrow(/^rootWithoutStability: manifest must be a plain object/);
    expect(() => rootWithoutStability({ ...manifest, records: undefined } as never)).toThrow(/^rootWithoutStability: manifest\.records must be the array of a Manifest\.v0/);
  });
});

describe('sealRunStability', () => {
  it('seals a reproducible verdict that covers the run as it was, valid against the shipped schema', async () => {
    const dir = await tempDir('stability');
    await runTicks(dir, 3);
    const before = await verifyRun(dir, RUN);
    const sealed = await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 'three-ticks', hashes: [A, A, A] });
    expect(sealed.record).toMatchObject({
      verdict: 'reproducible',
      runs: 3,
      expected_hash: A,
      first_mismatch_index: null,
      divergence: null,
      covers: { from_tick: 0, to_tick: 2, records: 6, root_hash: before.root_hash },
    });
    expect(sealed.ref).toBe(`stability/${RUN}/000002.runtime_gate.stability.json`);
    const bytes = await readFile(join(dir, 'stability', RUN, '000002.runtime_gate.stability.json'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sealed.sha256);
    expect(schema(JSON.parse(bytes.toString('utf8'))), JSON.stringify(schema.errors)).toBe(true);
    const after = await verifyRun(dir, RUN);
    expect(after.ok).toBe(true);
    expect(after.checked).toBe(7);
  });

  it('derives a diverged verdict and the first mismatch from the hashes, and keeps the divergence', async () => {
    const dir = await tempDir('stability-diverged');
    await runTicks(dir, 2);
    const divergence = { run: 2, files: [{ path: 'viz/x', a: 1, b: 2 }] };
    const sealed = await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'stabilization_window', scenario: 's', hashes: [A, A, B, A], divergence });
    expect(sealed.record).toMatchObject({ verdict: 'diverged', runs: 4, expected_hash: A, first_mismatch_index: 2, divergence });
    const [read] = await readRunStability({ artifactsDir: dir, runId: RUN });
    expect(read?.record).toEqual(sealed.record);
  });

  it('is idempotent for the same verdict; another verdict at the same tick and source is a conflict that changes nothing', async () => {
    const dir = await tempDir('stability-conflict');
    await runTicks(dir, 2);
    const first = await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A] });
    const again = await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A] });
    expect(again.sha256).toBe(first.sha256);
    const tree = filesOf(dir);
    await expect(sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, B] })).rejects.toBeInstanceOf(ArtifactConflictError);
    expect(filesOf(dir)).toEqual(tree);
  });

  it('writes byte-identical records for the same ticks in two folders', async () => {
    const [x, y] = [await tempDir('stability-x'), await tempDir('stability-y')];
    for (const dir of [x, y]) {
      await runTicks(dir, 3);
      await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A] });
    }
    expect(filesOf(x)).toEqual(filesOf(y));
  });

  it('seals through any store, and covers only the ticks asked for', async () => {
    const dir = await tempDir('stability-store');
    await runTicks(dir, 4);
    const store = new FileStore(dir, { fsync: false });
    try {
      const sealed = await sealRunStability({ store, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A], toTick: 1 });
      const manifest = await readManifest(dir, RUN);
      const upTo1 = manifest.records.filter((r) => r.tick <= 1 && r.kind !== 'stability');
      expect(sealed.record.covers).toEqual({ from_tick: 0, to_tick: 1, records: 4, root_hash: manifestRootHash({ ...manifest, records: upTo1 }) });
    } finally {
      await store.close();
    }
  });

  it('refuses bad input before anything is written, naming the field and the rule', async () => {
    const dir = await tempDir('stability-bad');
    await runTicks(dir, 1);
    const tree = filesOf(dir);
    const base = { artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A] } as const;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ source: 'nightly' }, /sealRunStability: source must be one of 'runtime_gate', 'stabilization_window'/],
      [{ hashes: [A] }, /sealRunStability: hashes must be an array of at least two run hashes/],
      [{ hashes: [A, 'A'.repeat(64)] }, /sealRunStability: hashes\[1\] must be a lowercase hex SHA-256 digest/],
      // A hole is no hash: refused at its index (it used to pass the check).
      // eslint-disable-next-line no-sparse-arrays
      [{ hashes: [A, , A] }, /^sealRunStability: hashes\[1\] must be a lowercase hex SHA-256 digest \(64 characters\); got undefined$/],
      [{ scenario: '' }, /sealRunStability: scenario must be a non-empty string/],
      [{ toTick: -1 }, /sealRunStability: toTick must be a non-negative safe integer/],
      [{ divergence: { n: 10n } }, /sealRunStability: divergence must be a JSON value/],
      [{ verdict: 'reproducible' }, /sealRunStability: verdict is not a known option/],
    ];
    for (const [patch, message] of cases) {
      const call = sealRunStability({ ...base, ...patch });
      await expect(call).rejects.toBeInstanceOf(RuntimeValidationError);
      await expect(call).rejects.toThrow(message);
    }
    expect(filesOf(dir)).toEqual(tree);
  });
});

describe('readRunStability', () => {
  it('reports whether the run still holds what a verdict covers', async () => {
    const dir = await tempDir('stability-current');
    await runTicks(dir, 2);
    await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, A] });
    await runTicks(dir, 2, 2); // later ticks do not touch what the verdict covers
    const [later] = await readRunStability({ artifactsDir: dir, runId: RUN });
    expect(later?.current).toBe(true);
    // A record added at a covered tick changes the covered state.
    const store = new FileStore(dir, { fsync: false });
    await store.writeBatch([{ runId: RUN, tick: 1, kind: 'note', schema: 'Note.v0', relPath: `notes/${RUN}/1.json`, obj: { late: true } }]);
    await store.close();
    const [stale] = await readRunStability({ artifactsDir: dir, runId: RUN });
    expect(stale?.current).toBe(false);
  });

  it('refuses a record whose bytes do not match their seal, or whose verdict its hashes do not give', async () => {
    const dir = await tempDir('stability-tampered');
    await runTicks(dir, 1);
    const sealed = await sealRunStability({ artifactsDir: dir, runId: RUN, source: 'runtime_gate', scenario: 's', hashes: [A, B] });
    const file = join(dir, ...sealed.ref.split('/'));
    const forged = readFileSync(file, 'utf8').replace('"diverged"', '"reproducible"');
    writeFileSync(file, forged);
    await expect(readRunStability({ artifactsDir: dir, runId: RUN })).rejects.toThrow(StabilityRecordError);

    // The same forgery sealed properly (its hash matches) is still refused: the verdict contradicts the hashes.
    const other = await tempDir('stability-forged');
    await runTicks(other, 1);
    const store = new FileStore(other, { fsync: false });
    await store.writeBatch([
      { runId: RUN, tick: 0, kind: 'stability', schema: 'RunStability.v0', relPath: sealed.ref, obj: JSON.parse(forged) as object, extra: { source: 'runtime_gate' } },
    ]);
    await store.close();
    await expect(readRunStability({ artifactsDir: other, runId: RUN })).rejects.toThrow(/says "reproducible", but its hashes say diverged/);
  });
});
