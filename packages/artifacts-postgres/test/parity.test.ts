/**
 * Same truth as the file store: the same batches written to a FileStore and to a PostgresStore give
 * the same records, bytes and root; `exportRun` writes the file store's tree byte for byte and
 * `importRun` brings a folder's run into PostgreSQL unchanged.
 */
import { ArtifactConflictError, ArtifactNotFoundError, ArtifactValidationError, FileStore, verifyRun, type StoreWrite } from '@abraxas/artifacts';
import { runtimeVectors } from '@abraxas/golden-vectors';
import { merkleRoot, recordText, treeOf } from '@abraxas/store-contract';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRun, importRun, type PostgresStore } from '../src/index.js';
import { dropSchema, freshSchema, openStore } from './support/pg.js';
import { sha256, tickBatch, tickTexts, trendpackPath } from './support/ticks.js';

const dirs: string[] = [];
const schemas: string[] = [];
const stores: PostgresStore[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'abraxas-pg-parity-'));
  dirs.push(d);
  return d;
};
const store = (): PostgresStore => {
  const schema = freshSchema('parity');
  schemas.push(schema);
  const s = openStore(schema);
  stores.push(s);
  return s;
};
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const s of schemas) await dropSchema(s);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const RUN = 'PARITY-1';
const TICKS = 40;

/** The run's batches: ticks out of order, one tick written twice, one batch of three ticks. */
function batches(): StoreWrite[][] {
  const out: StoreWrite[][] = [];
  for (let t = 0; t < TICKS; t++) out.push(tickBatch(RUN, (t * 7) % TICKS));
  out.push(tickBatch(RUN, 3));
  out.push([...tickBatch(RUN, TICKS), ...tickBatch(RUN, TICKS + 2), ...tickBatch(RUN, TICKS + 1)]);
  return out;
}

describe('cross-backend parity', () => {
  it('gives the same records, canonical bytes and Merkle root as the file store', async () => {
    const dir = tempDir();
    const files = new FileStore(dir, { fsync: false });
    const pg = store();
    for (const b of batches()) {
      expect(await pg.writeBatch(b)).toEqual(await files.writeBatch(b));
    }
    for (const order of ['manifest', 'commit'] as const) expect(await pg.listRecords(RUN, order)).toEqual(await files.listRecords(RUN, order));
    const fromPg = await pg.readManifest(RUN);
    expect(fromPg).toEqual(await files.readManifest(RUN));
    // From first principles: every record seals the hand-written canonical text, and the root is
    // RFC 6962 over the records' canonical texts.
    for (const r of fromPg.manifest.records) {
      const text = tickTexts(RUN, r.tick)[r.kind === 'trendpack' ? 0 : 1];
      expect(r.sha256).toBe(sha256(text));
      expect(Buffer.from((await pg.readRecord(RUN, r.path)).bytes).toString('utf8')).toBe(text);
    }
    expect(fromPg.root_hash).toBe(merkleRoot(fromPg.manifest.records.map((r) => recordText({ ...r, extraText: '{"mode":"test"}' }))));
    expect(await pg.verifyRun(RUN)).toEqual(await files.verifyRun(RUN));
    expect((await pg.verifyRun(RUN)).ok).toBe(true);
  });

  it('seals the golden TrendPack bytes with the golden SHA-256', async () => {
    // Two vectors are tick 0 of RUN-001 with different tasks: one store each.
    for (const v of runtimeVectors) {
      const pg = store();
      const obj: unknown = JSON.parse(v.expect.trendpack_json);
      await pg.writeBatch([{ runId: v.run_id, tick: v.tick, kind: 'trendpack', schema: 'TrendPack.v0', relPath: v.expect.trendpack_rel_path, obj }]);
      const read = await pg.readRecord(v.run_id, v.expect.trendpack_rel_path);
      expect(read.record.sha256).toBe(v.expect.trendpack_sha256);
      expect(Buffer.from(read.bytes).toString('utf8')).toBe(v.expect.trendpack_json);
    }
  });

  it('exportRun writes the tree the file store writes, byte for byte, and verifyRun accepts it', async () => {
    const direct = tempDir();
    const files = new FileStore(direct, { fsync: false });
    const pg = store();
    for (const b of batches()) {
      await files.writeBatch(b);
      await pg.writeBatch(b);
    }
    const exported = tempDir();
    const result = await exportRun(pg, RUN, exported);
    expect(result).toEqual(await files.readManifest(RUN));
    const tree = treeOf(exported);
    expect([...tree.keys()].filter((p) => p.startsWith('manifests/'))).toEqual([
      `manifests/${RUN}.manifest.idx`,
      `manifests/${RUN}.manifest.json`,
      `manifests/${RUN}.manifest.log`,
      `manifests/${RUN}.manifest.state`,
    ]);
    expect(tree).toEqual(treeOf(direct));
    expect(await verifyRun(exported, RUN)).toEqual({ ok: true, checked: 2 * (TICKS + 3), pruned: 0, root_hash: result.root_hash, problems: [] });
    // Again into the same folder: idempotent, nothing changes.
    await exportRun(pg, RUN, exported);
    expect(treeOf(exported)).toEqual(tree);
  });

  it('importRun brings a folder\'s run into PostgreSQL unchanged, and back out to the same tree', async () => {
    const direct = tempDir();
    const files = new FileStore(direct, { fsync: false });
    for (const b of batches()) await files.writeBatch(b);
    const pg = store();
    const imported = await importRun(direct, RUN, pg);
    expect(imported).toEqual(await files.readManifest(RUN));
    expect(await pg.listRecords(RUN, 'commit')).toEqual(await files.listRecords(RUN, 'commit'));
    const back = tempDir();
    await exportRun(pg, RUN, back);
    expect(treeOf(back)).toEqual(treeOf(direct));
  });

  it('refuses to export over a conflicting run or to import a damaged one, and changes nothing', async () => {
    const pg = store();
    await pg.writeBatch(tickBatch(RUN, 0));
    const other = tempDir();
    const otherFiles = new FileStore(other, { fsync: false });
    const [trendpack] = tickBatch(RUN, 0);
    await otherFiles.writeBatch([{ ...(trendpack as StoreWrite), obj: { different: true } }]);
    const before = treeOf(other);
    await expect(exportRun(pg, RUN, other)).rejects.toThrow(ArtifactConflictError);
    expect(treeOf(other)).toEqual(before);

    // A file altered behind the file store's back: the sealed read refuses it, nothing is imported.
    const damaged = tempDir();
    const damagedFiles = new FileStore(damaged, { fsync: false });
    await damagedFiles.writeBatch(tickBatch(RUN, 1));
    writeFileSync(join(damaged, ...trendpackPath(RUN, 1).split('/')), '{"tampered":1}');
    const target = store();
    await expect(importRun(damaged, RUN, target)).rejects.toThrow(/importRun|readRecord/);
    await expect(target.readManifest(RUN)).rejects.toThrow(ArtifactNotFoundError);
  });

  it('exportRun and importRun refuse bad arguments before anything is read or written, naming themselves', async () => {
    const pg = store();
    await pg.writeBatch(tickBatch(RUN, 0));
    const target = join(tempDir(), 'not-yet');
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => exportRun(pg, '../x', target), /^exportRun: runId must be 1-128 characters/],
      [() => exportRun(pg, RUN, 42 as never), /^exportRun: artifactsDir must be a non-empty string; got 42$/],
      [() => exportRun({} as never, RUN, target), /^exportRun: store must be a PostgresStore; got/],
      [() => importRun('', RUN, pg), /^importRun: artifactsDir must be a non-empty string; got ""$/],
      [() => importRun(target, RUN, null as never), /^importRun: store must be a PostgresStore; got null$/],
      [() => importRun(target, 'a/b', pg), /^importRun: runId must be 1-128 characters/],
    ];
    for (const [call, message] of cases) {
      const err: unknown = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactValidationError);
      expect((err as Error).message).toMatch(message);
    }
    expect(existsSync(target)).toBe(false);
    expect(await pg.listRuns()).toEqual([RUN]);
  });
});
