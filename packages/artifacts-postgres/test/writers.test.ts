/**
 * Many writer processes sharing one server: 8 child processes × 500 ticks into one run (every
 * tenth tick also written by a second process, racing), and into 8 runs. Nothing is lost or doubled,
 * verifyRun is ok, and each run's root is the one a serial run of the same ticks has (computed
 * from first principles).
 */
import { merkleRoot, recordText } from '@abraxas/store-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresStore } from '../src/index.js';
import { spawnWriter } from './support/child.js';
import { dropSchema, freshSchema, openStore, pgUrl, sql } from './support/pg.js';
import { runIndexPath, sha256, tickTexts, trendpackPath } from './support/ticks.js';

const WRITERS = 8;
const TICKS = 500;
const schemas: string[] = [];
const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const s of schemas) await dropSchema(s);
});

/** The root of a serial run of ticks `0…n-1` of `run`: RFC 6962 over the expected records. */
function serialRoot(run: string, n: number): string {
  const texts: string[] = [];
  for (let t = 0; t < n; t++) {
    const [trendpack, runindex] = tickTexts(run, t);
    // Manifest order within a tick: kind 'runindex' before 'trendpack'.
    texts.push(recordText({ tick: t, kind: 'runindex', schema: 'RunIndex.v0', path: runIndexPath(run, t), sha256: sha256(runindex), bytes: runindex.length, extraText: '{"mode":"test"}' }));
    texts.push(recordText({ tick: t, kind: 'trendpack', schema: 'TrendPack.v0', path: trendpackPath(run, t), sha256: sha256(trendpack), bytes: trendpack.length, extraText: '{"mode":"test"}' }));
  }
  return merkleRoot(texts);
}

async function runWriters(schema: string, args: (i: number) => string[]): Promise<number[][]> {
  const children = Array.from({ length: WRITERS }, (_, i) => spawnWriter([pgUrl(), schema, ...args(i)]));
  const exits = await Promise.all(children.map((c) => c.exited));
  for (const e of exits) expect(e, e.stderr).toMatchObject({ code: 0 });
  return children.map((c) => c.acked);
}

describe('many writer processes', () => {
  it(`${String(WRITERS)} processes × ${String(TICKS)} ticks into one run, ticks raced by two: no lost or duplicate record`, async () => {
    const schema = freshSchema('writers');
    schemas.push(schema);
    const run = 'SHARED-RUN';
    const total = WRITERS * TICKS;
    // Process i writes ticks i, i+8, … and, racing, every tenth tick of process i+1 (mod 8).
    const acked = await runWriters(schema, (i) => [run, String(i), String(TICKS), String(WRITERS), '0', String((i + 1) % WRITERS)]);
    expect(acked.flat().length).toBe(total + total / 10);
    const store = openStore(schema);
    stores.push(store);
    const records = await store.listRecords(run);
    expect(records).toHaveLength(2 * total);
    const counts = await sql<{ n: string; paths: string }>(`SELECT count(*) AS n, count(DISTINCT path) AS paths FROM "${schema}".records WHERE run_id = $1`, [run]);
    expect(counts).toEqual([{ n: String(2 * total), paths: String(2 * total) }]);
    const verified = await store.verifyRun(run);
    expect(verified.ok).toBe(true);
    expect(verified.root_hash).toBe(serialRoot(run, total));
  }, 300_000);

  it(`${String(WRITERS)} processes × ${String(TICKS)} ticks into ${String(WRITERS)} runs: each run whole, with its serial root`, async () => {
    const schema = freshSchema('writers');
    schemas.push(schema);
    const acked = await runWriters(schema, (i) => [`RUN-${String(i)}`, '0', String(TICKS), '1']);
    expect(acked.map((a) => a.length)).toEqual(Array.from({ length: WRITERS }, () => TICKS));
    const store = openStore(schema);
    stores.push(store);
    expect(await store.listRuns()).toEqual(Array.from({ length: WRITERS }, (_, i) => `RUN-${String(i)}`));
    for (let i = 0; i < WRITERS; i++) {
      const run = `RUN-${String(i)}`;
      const verified = await store.verifyRun(run);
      expect(verified.ok).toBe(true);
      expect(verified.checked).toBe(2 * TICKS);
      expect(verified.root_hash).toBe(serialRoot(run, TICKS));
    }
  }, 300_000);
});
