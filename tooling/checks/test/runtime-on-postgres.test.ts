/**
 * The runtime on either store: the same ticks run through `abraxasTick({ store })` and
 * `openRun({ store })` on a PostgresStore (a real server) and on an artifacts folder give the same
 * records, bytes and Merkle root; `queryRun`, `iterateTicks` and `replayPromotions` read the run
 * from PostgreSQL as they read it from the folder (and the store's `tickProblems` agrees); the exported tree is the folder's byte for byte;
 * the run lifecycle's records — the run header (and a resume with another header refused, listing the
 * differences), ResultsPacks and stability verdicts — and its readers (`listRuns`,
 * `iterateRunRecords`) behave on PostgreSQL as on the folder;
 * and the golden vector's TrendPack is sealed with its golden bytes.
 * (Here, not in a package: the runtime must not depend on a backend, nor a backend on the runtime.)
 */
import { ArtifactConflictError, ArtifactNotFoundError, FileStore, type ArtifactStore } from '@abraxas/artifacts';
import { exportRun, PostgresStore } from '@abraxas/artifacts-postgres';
import { runtimeVectors as vectors } from '@abraxas/golden-vectors';
import {
  abraxasTick,
  iterateRunRecords,
  iterateTicks,
  listRuns,
  openRun,
  queryRun,
  readRunHeader,
  readRunStability,
  readTickResults,
  replayPromotions,
  sealRunStability,
  verifyRun,
  type MetricSpec,
  type TickWork,
} from '@abraxas/runtime';
import { treeOf } from '@abraxas/store-contract';
import { serverFor } from '@abraxas/test-postgres';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: { readonly url: string; dispose(): Promise<void> };
const schema = `runtime_${String(process.pid)}`;
const dirs: string[] = [];
const stores: PostgresStore[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'abraxas-runtime-pg-'));
  dirs.push(d);
  return d;
};
const postgres = (s = schema): PostgresStore => {
  const store = new PostgresStore({ connectionString: server.url, schema: s });
  stores.push(store);
  return store;
};
async function sql(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  server = await serverFor({ fast: true, persistent: false });
}, 300_000);
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const s of [schema, `${schema}_golden`]) await sql(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await server.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 300_000);

class Boom extends Error {
  override name = 'Boom';
}

interface Ctx {
  n: number;
}

/** Tick `t`'s work: the shadow task `anagram` fails on ticks 1 and 4, `sei` always returns. */
function work(t: number): TickWork<Ctx, 'anagram' | 'sei'> {
  return {
    tick: t,
    context: { n: t },
    runSignal: (ctx) => ({ signal: ctx.n * 2 }),
    runCompress: async (ctx) => {
      await Promise.resolve();
      return { compressed: ctx.n + 1 };
    },
    runOverlay: () => ({ overlay: true }),
    runShadowTasks: {
      anagram: (ctx) => {
        if (ctx.n === 1 || ctx.n === 4) throw new Boom('deliberate failure');
        return { anagram: true };
      },
      sei: (ctx) => ({ sei: ctx.n }),
    },
  };
}

/** A steady metric and one that drifts on tick 2 (a counter kept between calls). */
function metrics(): Record<'steady' | 'drifting', MetricSpec<Ctx>> {
  let calls = 0;
  return {
    steady: { fn: (ctx) => ({ value: ctx.n * 3 }) },
    drifting: {
      fn: (ctx) => {
        calls++;
        return { value: ctx.n === 2 ? calls : ctx.n };
      },
    },
  };
}
const policy = { shadow: { promote_after: 1, demote_after: 1 } };
const TICKS = 6;

type Where = { readonly artifactsDir: string; readonly fsync: false } | { readonly store: ArtifactStore };

/** Run ONE through `abraxasTick` (a plain run), run MANY through `openRun` (with promotion). */
async function runBoth(where: Where): Promise<void> {
  for (let t = 0; t < TICKS; t++) await abraxasTick({ runId: 'ONE', mode: 'test', ...where, ...work(t) });
  const run = openRun<Ctx>({ runId: 'MANY', mode: 'test', ...where, metrics: metrics(), invarianceRuns: 2, promotionPolicy: policy });
  for (let t = 0; t < TICKS; t++) await run.tick(work(t));
  await run.close();
}

describe('the runtime on PostgresStore', () => {
  let folder: string;
  let files: FileStore;
  let onPg: PostgresStore;

  beforeAll(async () => {
    folder = tempDir();
    files = new FileStore(folder, { fsync: false });
    onPg = postgres();
    await runBoth({ store: onPg });
    await runBoth({ artifactsDir: folder, fsync: false });
  }, 300_000);
  afterAll(async () => {
    await files.close();
  });

  it('writes the same records, bytes and Merkle root as an artifacts folder', async () => {
    expect(await onPg.listRuns()).toEqual(['MANY', 'ONE']);
    expect(await onPg.listRuns()).toEqual(await files.listRuns());
    for (const runId of ['ONE', 'MANY']) {
      const fromPg = await onPg.readManifest(runId);
      expect(fromPg).toEqual(await files.readManifest(runId));
      const kinds = new Set(fromPg.manifest.records.map((r) => r.kind));
      expect([...kinds].sort()).toEqual(runId === 'MANY' ? ['promotion', 'runindex', 'trendpack'] : ['runindex', 'trendpack']);
      expect(fromPg.manifest.records).toHaveLength((runId === 'MANY' ? 3 : 2) * TICKS);
      for (const order of ['manifest', 'commit'] as const) expect(await onPg.listRecords(runId, order)).toEqual(await files.listRecords(runId, order));
      for (const r of fromPg.manifest.records) {
        const a = await onPg.readRecord(runId, r.path);
        const b = await files.readRecord(runId, r.path);
        expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), r.path).toBe(true);
        // Sealed as listed: the SHA-256 of the bytes, computed here.
        expect(createHash('sha256').update(a.bytes).digest('hex')).toBe(r.sha256);
      }
      const verified = await onPg.verifyRun(runId);
      expect(verified).toEqual({ ok: true, checked: fromPg.manifest.records.length, pruned: 0, root_hash: fromPg.root_hash, problems: [] });
    }
  });

  it('exportRun writes the tree the runtime writes into a folder, byte for byte', async () => {
    const exported = tempDir();
    for (const runId of ['ONE', 'MANY']) await exportRun(onPg, runId, exported);
    expect(treeOf(exported)).toEqual(treeOf(folder));
    for (const runId of ['ONE', 'MANY']) expect((await verifyRun(exported, runId)).ok).toBe(true);
  });

  it('queryRun answers from PostgreSQL as from the folder: by range, by errors or skips', async () => {
    for (const runId of ['ONE', 'MANY']) {
      for (const filter of [{}, { fromTick: 2, toTick: 4 }, { only: 'errors' as const }, { only: 'errors_or_skips' as const, fromTick: 3 }]) {
        const q = await queryRun({ store: onPg, runId, ...filter });
        expect(q).toEqual(await queryRun({ store: files, runId, ...filter }));
        expect(q.root_hash).toBe((await onPg.readManifest(runId)).root_hash);
      }
      // The facts the work was built with: anagram fails on ticks 1 and 4, so those ticks have errors.
      expect((await queryRun({ store: onPg, runId, only: 'errors' })).ticks.map((t) => t.tick)).toEqual([1, 4]);
      expect((await queryRun({ store: onPg, runId, fromTick: 2, toTick: 4 })).ticks.map((t) => t.tick)).toEqual([2, 3, 4]);
      // The store's query API (over its SQL views) agrees with the run's index.
      const all = await queryRun({ store: onPg, runId });
      expect(await onPg.tickProblems(runId)).toEqual(all.ticks.map((t) => ({ tick: t.tick, errors: t.stats.errors, skipped: t.stats.skipped })));
    }
  });

  it('iterateTicks and replayPromotions read the run from PostgreSQL as from the folder', async () => {
    const onStore = [];
    for await (const t of iterateTicks({ store: onPg, runId: 'MANY' })) onStore.push(t);
    const onFolder = [];
    for await (const t of iterateTicks({ store: files, runId: 'MANY' })) onFolder.push(t);
    expect(onStore).toHaveLength(TICKS);
    expect(onStore).toEqual(onFolder);
    const replay = await replayPromotions({ store: onPg, runId: 'MANY' });
    expect(replay).toEqual(await replayPromotions({ store: files, runId: 'MANY' }));
    expect(replay.records).toHaveLength(TICKS);
    expect(replay.root_hash).toBe((await onPg.readManifest('MANY')).root_hash);
  });

  it('another store on the same schema resumes the run and its promotion ledger from PostgreSQL', async () => {
    // openRun on a fresh store of the same schema continues MANY's promotion ledger from PostgreSQL.
    const again = postgres();
    const run = openRun<Ctx>({ runId: 'MANY', mode: 'test', store: again, metrics: metrics(), invarianceRuns: 2, promotionPolicy: policy });
    await run.tick(work(TICKS));
    await run.close();
    const folderRun = openRun<Ctx>({ runId: 'MANY', mode: 'test', artifactsDir: folder, fsync: false, metrics: metrics(), invarianceRuns: 2, promotionPolicy: policy });
    await folderRun.tick(work(TICKS));
    await folderRun.close();
    expect((await again.readManifest('MANY')).root_hash).toBe((await files.readManifest('MANY')).root_hash);
    expect((await replayPromotions({ store: again, runId: 'MANY' })).records).toHaveLength(TICKS + 1);
  });
});

describe('the run lifecycle records on PostgresStore', () => {
  const HEADERED = 'HEADERED';
  const A = 'a'.repeat(64);
  let folder: string;
  let files: FileStore;
  let onPg: PostgresStore;
  /** A run with a header and sealed results: three ticks, then a stability verdict. */
  async function lifecycleRun(where: Where): Promise<void> {
    const run = openRun<Ctx>({ runId: HEADERED, mode: 'test', ...where, sealResults: true, runHeader: { fingerprint: 'cfg-1' } });
    for (let t = 0; t < 3; t++) await run.tick(work(t));
    await run.close();
    await sealRunStability({ ...('store' in where ? { store: where.store } : { artifactsDir: where.artifactsDir }), runId: HEADERED, source: 'runtime_gate', scenario: 'both stores', hashes: [A, A] });
  }

  beforeAll(async () => {
    folder = tempDir();
    files = new FileStore(folder, { fsync: false });
    onPg = postgres(`${schema}_lifecycle`);
    await lifecycleRun({ store: onPg });
    await lifecycleRun({ artifactsDir: folder, fsync: false });
  }, 300_000);
  afterAll(async () => {
    await files.close();
    await sql(`DROP SCHEMA IF EXISTS "${schema}_lifecycle" CASCADE`);
  });

  it('seals the run header, ResultsPacks and the stability verdict with the same bytes and root as the folder', async () => {
    const fromPg = await onPg.readManifest(HEADERED);
    expect(fromPg).toEqual(await files.readManifest(HEADERED));
    expect([...new Set(fromPg.manifest.records.map((r) => r.kind))].sort()).toEqual(['header', 'results', 'runindex', 'stability', 'trendpack']);
    for (const r of fromPg.manifest.records) {
      const a = await onPg.readRecord(HEADERED, r.path);
      expect(Buffer.from(a.bytes).equals(Buffer.from((await files.readRecord(HEADERED, r.path)).bytes)), r.path).toBe(true);
    }
    expect((await onPg.verifyRun(HEADERED)).ok).toBe(true);
  });

  it('readRunHeader, readTickResults and readRunStability read the records back from PostgreSQL as from the folder', async () => {
    const header = await readRunHeader({ store: onPg, runId: HEADERED });
    expect(header).toEqual(await readRunHeader({ store: files, runId: HEADERED }));
    expect(header).toMatchObject({ schema: 'RunHeader.v0', run_id: HEADERED, fingerprint: 'cfg-1' });
    for (let tick = 0; tick < 3; tick++) {
      const pack = await readTickResults({ store: onPg, runId: HEADERED, tick });
      expect(pack).toEqual(await readTickResults({ store: files, runId: HEADERED, tick }));
      // The work's own facts: anagram fails on tick 1, sei returns the tick.
      expect(pack.results['shadow:anagram']?.status).toBe(tick === 1 ? 'error' : 'ok');
      expect(pack.results['shadow:sei']?.value).toEqual({ sei: tick });
    }
    await expect(readTickResults({ store: onPg, runId: HEADERED, tick: 7 })).rejects.toThrow(ArtifactNotFoundError);
    const stability = await readRunStability({ store: onPg, runId: HEADERED });
    expect(stability).toEqual(await readRunStability({ store: files, runId: HEADERED }));
    expect(stability).toHaveLength(1);
    expect(stability[0]).toMatchObject({ current: true, record: { verdict: 'reproducible', covers: { from_tick: 0, to_tick: 2, root_hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown } } });
  });

  it('refuses to resume the run with another header on PostgreSQL, listing the difference, and writes nothing', async () => {
    const before = await onPg.readManifest(HEADERED);
    const resumed = openRun<Ctx>({ runId: HEADERED, mode: 'test', store: onPg, sealResults: true, runHeader: { fingerprint: 'cfg-2' } });
    const refused = resumed.tick(work(3));
    await expect(refused).rejects.toThrow(ArtifactConflictError);
    await expect(refused).rejects.toThrow(/the run was sealed with a different header \(1 field differs: fingerprint: stored "cfg-1", this run "cfg-2"\)/);
    await resumed.close().catch(() => undefined);
    expect(await onPg.readManifest(HEADERED)).toEqual(before);
  });

  it('listRuns and iterateRunRecords stream the run from PostgreSQL as from the folder', async () => {
    const pgRuns = await listRuns({ store: onPg });
    expect(pgRuns).toEqual(await listRuns({ store: files }));
    expect(pgRuns.find((r) => r.run_id === HEADERED)?.root_hash).toBe((await onPg.readManifest(HEADERED)).root_hash);
    const records = [];
    for await (const r of iterateRunRecords({ store: onPg, runId: HEADERED })) records.push(r);
    expect(records).toEqual((await onPg.readManifest(HEADERED)).manifest.records);
    const results = [];
    for await (const r of iterateRunRecords({ store: onPg, runId: HEADERED, kind: 'results', fromTick: 1 })) results.push(r.tick);
    expect(results).toEqual([1, 2]);
  });
});

describe('the golden vectors through PostgresStore', () => {
  it('seals each vector tick\'s TrendPack with the golden bytes and SHA-256', async () => {
    for (const v of vectors) {
      // Two vectors are tick 0 of RUN-001 with different tasks: a schema each.
      const store = postgres(`${schema}_golden`);
      await sql(`DROP SCHEMA IF EXISTS "${schema}_golden" CASCADE`);
      const fn = (task: string) => (): unknown => {
        if (v.failing.includes(task)) throw new Boom('deliberate failure');
        return { ok: true };
      };
      const result = await abraxasTick({
        runId: v.run_id,
        mode: v.mode,
        store,
        tick: v.tick,
        context: {},
        runSignal: fn('oracle:signal'),
        runCompress: fn('oracle:compress'),
        runOverlay: fn('oracle:overlay'),
        runShadowTasks: Object.fromEntries(v.shadow_tasks.map((name) => [name, fn(`shadow:${name}`)])),
      });
      expect(result.artifacts.trendpack, v.id).toBe(v.expect.trendpack_rel_path);
      expect(result.artifacts.trendpack_sha256, v.id).toBe(v.expect.trendpack_sha256);
      const read = await store.readRecord(v.run_id, v.expect.trendpack_rel_path);
      expect(Buffer.from(read.bytes).toString('utf8'), v.id).toBe(v.expect.trendpack_json);
      await store.close();
    }
  });
});
