/**
 * The contract suite: the behaviour every `ArtifactStore` backend must show, as vitest tests a
 * backend's own test file registers with `describeStoreContract(name, openBackend)`.
 * Owns: the contract's executable definition. Must not: know any backend.
 */
import {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactNotFoundError,
  ArtifactValidationError,
  iterateRecords,
  latestRecord,
  type ArtifactStore,
  type ReferenceRule,
  type ManifestRecord,
  type StoreWrite,
} from '@abraxas/artifacts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { merkleRoot, recordText, sha256 } from './reference.js';

/** A fresh, empty backend for one test, with the hooks the suite needs. */
export interface ContractBackend {
  /** A store on the fresh backend. */
  readonly store: ArtifactStore;
  /** Another store instance on the same backing storage (another writer). */
  openAnother(): Promise<ArtifactStore>;
  /** Replaces a record's stored bytes behind the store's back (damage). */
  tamper(runId: string, relPath: string, bytes: Uint8Array): Promise<void>;
  /** Closes what the backend opened and removes its storage. */
  dispose(): Promise<void>;
}

const RUN = 'RUN-contract';
const tp = (run: string, tick: number): string => `viz/${run}/${String(tick).padStart(6, '0')}.trendpack.json`;
const ri = (run: string, tick: number): string => `run_index/${run}/${String(tick).padStart(6, '0')}.runindex.json`;

function write(run: string, tick: number, obj: unknown, over: Partial<StoreWrite> = {}): StoreWrite {
  return { runId: run, tick, kind: 'trendpack', schema: 'TrendPack.v0', obj, relPath: tp(run, tick), ...over };
}

/** Expects `p` to reject with `cls` and a message matching `message`. */
async function rejects(p: Promise<unknown>, cls: abstract new (...args: never) => Error, message: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).message).toMatch(message);
}

/** Registers the contract suite for a backend; `openBackend` gives a fresh one per test. */
export function describeStoreContract(name: string, openBackend: () => Promise<ContractBackend>): void {
  describe(`storage contract: ${name}`, () => {
    let b: ContractBackend;
    let store: ArtifactStore;
    beforeEach(async () => {
      b = await openBackend();
      store = b.store;
    });
    afterEach(async () => {
      await b.dispose();
    });

    it('seals the canonical bytes and returns the records keyed by path, in manifest order', async () => {
      const result = await store.writeBatch([
        write(RUN, 1, { z: [1, 'x'], a: true }),
        write(RUN, 0, { n: null }, { extra: { mode: 'demo', ers: 'v0.2' } }),
      ]);
      const text1 = '{"a":true,"z":[1,"x"]}';
      const text0 = '{"n":null}';
      expect([...result.keys()]).toEqual([tp(RUN, 0), tp(RUN, 1)]);
      expect(result.get(tp(RUN, 1))).toEqual({ tick: 1, kind: 'trendpack', schema: 'TrendPack.v0', path: tp(RUN, 1), sha256: sha256(text1), bytes: text1.length });
      expect(result.get(tp(RUN, 0))?.extra).toEqual({ ers: 'v0.2', mode: 'demo' });
      expect(Object.keys(result.get(tp(RUN, 0))?.extra ?? {})).toEqual(['ers', 'mode']);
      const read = await store.readRecord(RUN, tp(RUN, 1));
      expect(Buffer.from(read.bytes).toString('utf8')).toBe(text1);
      expect(read.record).toEqual(result.get(tp(RUN, 1)));
      expect(Buffer.from((await store.readRecord(RUN, tp(RUN, 0))).bytes).toString('utf8')).toBe(text0);
    });

    it('lists records in (tick, kind, schema, path) order with the RFC 6962 root of their canonical texts', async () => {
      // Tick 10 after tick 9 (numeric), 'Z' < 'a' and 'run_index' < 'viz' (code point).
      await store.writeBatch([write(RUN, 10, { t: 10 }), write(RUN, 9, { t: 9 })]);
      await store.writeBatch([
        write(RUN, 9, { k: 'a' }, { kind: 'a', relPath: `a/${RUN}/9.json` }),
        write(RUN, 9, { k: 'Z' }, { kind: 'Z', relPath: `z/${RUN}/9.json` }),
        write(RUN, 9, { r: 1 }, { kind: 'a', relPath: `a/${RUN}/8.json` }),
      ]);
      const records = await store.listRecords(RUN);
      expect(records.map((r) => r.path)).toEqual([`z/${RUN}/9.json`, `a/${RUN}/8.json`, `a/${RUN}/9.json`, tp(RUN, 9), tp(RUN, 10)]);
      const { manifest, root_hash } = await store.readManifest(RUN);
      expect(manifest).toEqual({ schema: 'Manifest.v0', run_id: RUN, records });
      const texts = records.map((r) => recordText(r));
      expect(root_hash).toBe(merkleRoot(texts));
      const verified = await store.verifyRun(RUN);
      expect(verified).toEqual({ ok: true, checked: 5, pruned: 0, root_hash: merkleRoot(texts), problems: [] });
    });

    it('lists records in commit order: batch by batch, each batch in its items\' order', async () => {
      await store.writeBatch([write(RUN, 5, { a: 1 }), write(RUN, 2, { a: 2 })]);
      await store.writeBatch([write(RUN, 2, { a: 2 }), write(RUN, 0, { a: 3 }), write(RUN, 7, { a: 4 })]);
      expect((await store.listRecords(RUN, 'commit')).map((r) => r.tick)).toEqual([5, 2, 0, 7]);
      expect((await store.listRecords(RUN, 'manifest')).map((r) => r.tick)).toEqual([0, 2, 5, 7]);
    });

    it('is idempotent on the same record and changes nothing on a conflict', async () => {
      const first = await store.writeBatch([write(RUN, 0, { v: 1 }), write(RUN, 1, { v: 2 })]);
      const before = await store.readManifest(RUN);
      expect(await store.writeBatch([write(RUN, 1, { v: 2 }), write(RUN, 0, { v: 1 })])).toEqual(first);
      expect(await store.readManifest(RUN)).toEqual(before);
      // Other bytes at a listed path, with a new record in the same batch: the batch is refused whole.
      await rejects(store.writeBatch([write(RUN, 2, { v: 3 }), write(RUN, 0, { v: 999 })]), ArtifactConflictError, new RegExp(`^\\S*writeBatch: relPath "${tp(RUN, 0)}" conflicts with what is stored; it is sealed with sha256 [0-9a-f]{64} .*nothing was changed$`));
      // Same bytes, other metadata: also a conflict.
      await rejects(store.writeBatch([write(RUN, 1, { v: 2 }, { schema: 'TrendPack.v1' })]), ArtifactConflictError, /schema/);
      await rejects(store.writeBatch([write(RUN, 1, { v: 2 }, { extra: { a: 1 } })]), ArtifactConflictError, /extra/);
      expect(await store.readManifest(RUN)).toEqual(before);
      await rejects(store.readRecord(RUN, tp(RUN, 2)), ArtifactNotFoundError, /not listed/);
    });

    it('refuses bad input naming the method, the field and the rule, and writes nothing', async () => {
      const cases: [unknown, RegExp][] = [
        [[], /writeBatch: items must be a non-empty array/],
        ['x', /writeBatch: items must be a non-empty array/],
        [[write('../x', 0, {})], /writeBatch: items\[0\]\.runId must be 1-128 characters/],
        [[write(RUN, 0, {}), write('OTHER', 0, {}, { relPath: tp('OTHER', 0) })], /items\[1\]\.runId must be the run of items\[0\]/],
        [[write(RUN, 0, {}), write(RUN, 0, {})], /items\[1\]\.relPath must differ/],
        [[write(RUN, -1, {})], /items\[0\]\.tick must be a non-negative safe integer/],
        [[write(RUN, 0, {}, { kind: '' })], /items\[0\]\.kind must be 1-64/],
        [[write(RUN, 0, {}, { schema: 'a b' })], /items\[0\]\.schema must be 1-128/],
        [[write(RUN, 0, {}, { relPath: 'viz/other/0.json' })], /items\[0\]\.relPath must be a file inside a folder named after the run/],
        [[write(RUN, 0, {}, { relPath: `manifests/${RUN}/x.json` })], /items\[0\]\.relPath must not be inside 'manifests\/'/],
        [[write(RUN, 0, { n: Number.NaN })], /items\[0\]\.obj\.n must be exact JSON/],
        [[write(RUN, 0, {}, { extra: [] as never })], /items\[0\]\.extra must be a plain object/],
        [[write(RUN, 1, { ok: 1 }), write(RUN, 0, { big: 2n })], /items\[1\]\.obj\.big must be exact JSON/],
        // A hole is an item like any other (forEach would skip it).
        // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
        [[write(RUN, 0, {}), , write(RUN, 2, {})], /writeBatch: items\[1\] must be a plain object; got undefined$/],
      ];
      for (const [items, message] of cases) {
        await rejects(store.writeBatch(items as StoreWrite[]), ArtifactValidationError, message);
      }
      expect(await store.listRuns()).toEqual([]);
      await rejects(store.readRecord('..', 'x'), ArtifactValidationError, /readRecord: runId must be/);
      await rejects(store.readRecord(RUN, '/abs'), ArtifactValidationError, /readRecord: relPath must be relative/);
      await rejects(store.readRecord(RUN, 'viz/other/x.json'), ArtifactValidationError, /readRecord: relPath must be a file inside a folder named after the run/);
      await rejects(store.listRecords(RUN, 'random' as never), ArtifactValidationError, /listRecords: order must be/);
      await rejects(store.readManifest(''), ArtifactValidationError, /readManifest: runId must be/);
      await rejects(store.verifyRun(7 as never), ArtifactValidationError, /verifyRun: runId must be/);
    });

    it('names a run or record it does not have', async () => {
      await rejects(store.readManifest(RUN), ArtifactNotFoundError, /readManifest: runId "RUN-contract"/);
      await rejects(store.listRecords(RUN), ArtifactNotFoundError, /listRecords: runId/);
      await rejects(store.readRecord(RUN, tp(RUN, 0)), ArtifactNotFoundError, /readRecord: runId/);
      const missing = await store.verifyRun(RUN);
      expect(missing.ok).toBe(false);
      expect(missing.checked).toBe(0);
      expect(missing.root_hash).toBe(merkleRoot([]));
      expect(missing.problems.map((p) => [p.path, p.problem])).toEqual([[`manifests/${RUN}.manifest.json`, 'missing']]);
      await store.writeBatch([write(RUN, 0, {})]);
      await rejects(store.readRecord(RUN, tp(RUN, 1)), ArtifactNotFoundError, /readRecord: relPath .* is not listed/);
    });

    it('lists the runs that have records, sorted by code point', async () => {
      expect(await store.listRuns()).toEqual([]);
      for (const run of ['b-run', 'B-run', 'a.run', '0run']) await store.writeBatch([write(run, 0, { run })]);
      expect(await store.listRuns()).toEqual(['0run', 'B-run', 'a.run', 'b-run']);
    });

    it('finds damage: readRecord refuses altered bytes and verifyRun names them', async () => {
      await store.writeBatch([write(RUN, 0, { v: 1 }), write(RUN, 1, { v: 2 })]);
      const good = await store.verifyRun(RUN);
      await b.tamper(RUN, tp(RUN, 1), Buffer.from('{"v":3}'));
      await rejects(store.readRecord(RUN, tp(RUN, 1)), ArtifactCorruptError, /readRecord: .*has sha256/);
      const bad = await store.verifyRun(RUN);
      expect(bad.ok).toBe(false);
      expect(bad.root_hash).toBe(good.root_hash);
      expect(bad.problems.map((p) => [p.path, p.problem])).toEqual([[tp(RUN, 1), 'tampered']]);
      await b.tamper(RUN, tp(RUN, 0), Buffer.from('{"v":10}'));
      expect((await store.verifyRun(RUN)).problems.map((p) => p.problem)).toEqual(['size', 'tampered']);
    });

    it('checks the references a rule names in verifyRun, and none without one', async () => {
      // A rule of the suite's own: records of kind `index` cite `{ to, sha }`.
      const rule: ReferenceRule = {
        appliesTo: (r) => r.kind === 'index',
        references: (doc) => {
          const d = doc as { to?: unknown; sha?: unknown };
          return { references: [{ field: 'to', path: d.to, sha256: { field: 'sha', value: d.sha } }], problems: [] };
        },
      };
      const trend = await store.writeBatch([write(RUN, 0, { t: 0 })]);
      const sha = trend.get(tp(RUN, 0))?.sha256 ?? '';
      const index = (run: string, hash: string): StoreWrite => write(run, 0, { to: tp(run, 0), sha: hash }, { kind: 'index', schema: 'Index.v1', relPath: ri(run, 0) });
      await store.writeBatch([index(RUN, sha)]);
      expect((await store.verifyRun(RUN, { references: rule })).ok).toBe(true);
      const other = 'run-other';
      const written = await store.writeBatch([write(other, 0, { t: 0 }), index(other, '0'.repeat(64))]);
      const bad = await store.verifyRun(other, { references: rule });
      expect(bad.problems.map((p) => [p.path, p.problem, p.detail])).toEqual([
        [ri(other, 0), 'bad_ref', `sha is "${'0'.repeat(64)}"; the manifest lists ${tp(other, 0)} with ${written.get(tp(other, 0))?.sha256 ?? ''}`],
      ]);
      expect((await store.verifyRun(other)).ok).toBe(true);
      await rejects(store.verifyRun(other, { references: { appliesTo: () => true } } as never), ArtifactValidationError, /verifyRun: options\.references must be a reference rule/);
    });

    it('finds the last record of a kind below a tick (latestRecord), however far back it is', async () => {
      const pr = (tick: number): StoreWrite => write(RUN, tick, { p: tick }, { kind: 'promotion', schema: 'PromotionDecision.v0', relPath: `promotion/${RUN}/${String(tick).padStart(6, '0')}.promotion.json` });
      await rejects(latestRecord(store, RUN, { kind: 'promotion' }), ArtifactNotFoundError, /runId/);
      // Ticks 0 and 2 have one; tick 1 is backfilled after tick 2 (commit order is not manifest order).
      await store.writeBatch([pr(0), write(RUN, 0, { t: 0 })]);
      await store.writeBatch([pr(2), write(RUN, 2, { t: 2 })]);
      await store.writeBatch([pr(1)]);
      const tickOf = async (beforeTick?: number): Promise<number | null> =>
        (await latestRecord(store, RUN, beforeTick === undefined ? { kind: 'promotion' } : { kind: 'promotion', beforeTick }))?.record.tick ?? null;
      expect(await tickOf()).toBe(2);
      expect(await tickOf(2)).toBe(1);
      expect(await tickOf(1)).toBe(0);
      expect(await tickOf(0)).toBe(null);
      expect(await latestRecord(store, RUN, { kind: 'runindex' })).toBe(null);
      const last = await latestRecord(store, RUN, { kind: 'promotion' });
      expect(Buffer.from(last?.bytes ?? []).toString('utf8')).toBe('{"p":2}');
      expect(last?.record).toEqual((await store.listRecords(RUN)).find((r) => r.kind === 'promotion' && r.tick === 2));
      // Many later ticks without one: the answer is still the record of tick 2.
      await store.writeBatch(Array.from({ length: 80 }, (_, i) => write(RUN, 3 + i, { t: 3 + i })));
      expect(await tickOf()).toBe(2);
      expect(await tickOf(50)).toBe(2);
      await b.tamper(RUN, pr(2).relPath, Buffer.from('{"p":9}'));
      await rejects(latestRecord(store, RUN, { kind: 'promotion' }), ArtifactCorruptError, /has sha256/);
      await rejects(latestRecord(store, RUN, { kind: 'Promotion!' }), ArtifactValidationError, /latestRecord: query\.kind must be/);
      await rejects(latestRecord(store, RUN, { kind: 'promotion', beforeTick: -1 }), ArtifactValidationError, /latestRecord: query\.beforeTick must be/);
      await rejects(latestRecord(store, RUN, { kind: 'promotion', before: 1 } as never), ArtifactValidationError, /latestRecord: query\.before is not a field/);
    });

    it('iterates a run in manifest order from one snapshot (iterateRecords), however many records it has', async () => {
      const iterate = store.iterateRecords?.bind(store);
      // Optional in the contract, required of the backends that register this suite: it is what reads a long run in constant memory.
      expect(typeof iterate, 'iterateRecords').toBe('function');
      const all = async (it: AsyncIterable<ManifestRecord>): Promise<ManifestRecord[]> => {
        const out: ManifestRecord[] = [];
        for await (const r of it) out.push(r);
        return out;
      };
      await rejects(all(iterateRecords(store, RUN)), ArtifactNotFoundError, /runId/);
      // Ticks committed out of order, two kinds per tick and more in some, and provenance text
      // holding the manifest's own separators: more records than a page or a read chunk holds.
      const tricky = 'a,"b"}{],\\ \u00e9';
      const batches = [
        Array.from({ length: 700 }, (_, i) => write(RUN, 1400 - 2 * i, { t: 1400 - 2 * i }, { extra: { mode: tricky } })),
        Array.from({ length: 700 }, (_, i) => write(RUN, 2 * i + 1, { t: 2 * i + 1 })),
        Array.from({ length: 300 }, (_, i) => write(RUN, i * 3, { m: i }, { kind: 'metric', schema: 'Metric.v0', relPath: `metric/${RUN}/${String(i * 3)}.json` })),
        Array.from({ length: 12 }, (_, i) => write(RUN, 500, { n: i }, { kind: 'note', schema: 'Note.v0', relPath: `note/${RUN}/500-${String(i)}.json` })),
      ];
      for (const batch of batches) await store.writeBatch(batch);
      const listed = await store.listRecords(RUN);
      expect(listed).toHaveLength(1712);
      expect(await all(iterateRecords(store, RUN))).toEqual(listed);
      expect(await all(iterateRecords(store, RUN, { fromTick: 499, toTick: 903 }))).toEqual(listed.filter((r) => r.tick >= 499 && r.tick <= 903));
      expect(await all(iterateRecords(store, RUN, { toTick: 0 }))).toEqual(listed.filter((r) => r.tick === 0));
      expect(await all(iterateRecords(store, RUN, { fromTick: 5000 }))).toEqual([]);
      // A batch committed while a loop runs, sorting before and after where it stands, is not seen by it.
      const loop = iterateRecords(store, RUN)[Symbol.asyncIterator]();
      const first = await loop.next();
      await store.writeBatch([write(RUN, 2000, { late: true }), write(RUN, 0, { late: true }, { kind: 'note', schema: 'Note.v0', relPath: `note/${RUN}/0-late.json` })]);
      const rest: ManifestRecord[] = [];
      for (let r = await loop.next(); r.done !== true; r = await loop.next()) rest.push(r.value);
      expect([first.value, ...rest]).toEqual(listed);
      expect(await all(iterateRecords(store, RUN))).toEqual(await store.listRecords(RUN));
      // Leaving a loop early releases it: the run is still written and read.
      for await (const r of iterateRecords(store, RUN)) if (r.tick > 3) break;
      await store.writeBatch([write(RUN, 2001, { after: true })]);
      expect((await all(iterateRecords(store, RUN, { fromTick: 2001 }))).map((r) => r.tick)).toEqual([2001]);
      await rejects(all(iterateRecords(store, RUN, { fromTick: 3, toTick: 2 })), ArtifactValidationError, /iterateRecords: range\.toTick must be at least range\.fromTick/);
      await rejects(all(iterateRecords(store, RUN, { fromTick: -1 })), ArtifactValidationError, /iterateRecords: range\.fromTick must be a non-negative safe integer/);
      await rejects(all(iterateRecords(store, RUN, { from: 1 } as never)), ArtifactValidationError, /iterateRecords: range\.from is not a field/);
      await rejects(all(iterateRecords(store, 'bad id!')), ArtifactValidationError, /iterateRecords: runId/);
    });

    it('loses nothing when many batches race, from one store and from another instance', async () => {
      const another = await b.openAnother();
      try {
        const batches = Array.from({ length: 24 }, (_, i) => [write(RUN, i, { i }), write(RUN, i, { i, k: 'r' }, { kind: 'note', schema: 'Note.v0', relPath: `note/${RUN}/${String(i)}.json` })]);
        // Every batch twice, half through each store: each record is committed exactly once.
        const results = await Promise.all(batches.flatMap((batch, i) => [(i % 2 === 0 ? store : another).writeBatch(batch), (i % 2 === 0 ? another : store).writeBatch(batch)]));
        expect(results).toHaveLength(48);
        const records = await store.listRecords(RUN);
        expect(records).toHaveLength(48);
        expect(new Set(records.map((r) => r.path)).size).toBe(48);
        expect(await another.readManifest(RUN)).toEqual(await store.readManifest(RUN));
        // Racing different bytes at one path: exactly one wins.
        const racing = await Promise.allSettled([store.writeBatch([write(RUN, 99, { w: 1 })]), another.writeBatch([write(RUN, 99, { w: 2 })])]);
        expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = racing.find((r) => r.status === 'rejected');
        expect(lost?.reason).toBeInstanceOf(ArtifactConflictError);
        expect((await store.verifyRun(RUN)).ok).toBe(true);
      } finally {
        await another.close();
      }
    });

    it('refuses every method after close, and close twice is fine', async () => {
      await store.writeBatch([write(RUN, 0, {})]);
      const another = await b.openAnother();
      await another.close();
      await another.close();
      await rejects(another.writeBatch([write(RUN, 1, {})]), ArtifactValidationError, /writeBatch: store is closed/);
      await rejects(another.readManifest(RUN), ArtifactValidationError, /readManifest: store is closed/);
      await rejects(another.listRuns(), ArtifactValidationError, /listRuns: store is closed/);
      expect((await store.listRecords(RUN)).map((r) => r.tick)).toEqual([0]);
    });

    it('retention: pruned records stay listed with the same root, verify counts them, reads say they were pruned', async () => {
      const prune = store.pruneRecords?.bind(store);
      const pruned = store.prunedPaths?.bind(store);
      expect(typeof prune, 'pruneRecords').toBe('function');
      expect(typeof pruned, 'prunedPaths').toBe('function');
      if (prune === undefined || pruned === undefined) return;
      await store.writeBatch([write(RUN, 0, { t: 0 }), write(RUN, 1, { t: 1 }), write(RUN, 2, { t: 2 })]);
      const before = await store.readManifest(RUN);
      const result = await prune(RUN, [tp(RUN, 1), tp(RUN, 0)]);
      expect(result.pruned.map((r) => r.path)).toEqual([tp(RUN, 1), tp(RUN, 0)]);
      expect(result.already).toEqual([]);
      expect(await store.readManifest(RUN)).toEqual(before);
      expect([...(await pruned(RUN))].sort()).toEqual([tp(RUN, 0), tp(RUN, 1)]);
      await rejects(store.readRecord(RUN, tp(RUN, 0)), ArtifactNotFoundError, /was pruned/);
      expect(Buffer.from((await store.readRecord(RUN, tp(RUN, 2))).bytes).toString('utf8')).toBe('{"t":2}');
      expect(await store.verifyRun(RUN)).toEqual({ ok: true, checked: 1, pruned: 2, root_hash: before.root_hash, problems: [] });
      // Again: reported as already pruned. An unlisted path refuses the whole call, pruning nothing.
      expect((await prune(RUN, [tp(RUN, 0)])).already).toEqual([tp(RUN, 0)]);
      await rejects(prune(RUN, [tp(RUN, 2), tp(RUN, 7)]), ArtifactNotFoundError, /relPaths\[1\] .* is not listed/);
      expect(Buffer.from((await store.readRecord(RUN, tp(RUN, 2))).bytes).toString('utf8')).toBe('{"t":2}');
      await rejects(prune(RUN, []), ArtifactValidationError, /relPaths must be a non-empty array/);
      // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
      await rejects(prune(RUN, [tp(RUN, 2), , tp(RUN, 1)] as string[]), ArtifactValidationError, /pruneRecords: relPaths\[1\] must be a non-empty string; got undefined$/);
      expect(Buffer.from((await store.readRecord(RUN, tp(RUN, 2))).bytes).toString('utf8')).toBe('{"t":2}');
      // Another store instance sees the same pruned records.
      const another = await b.openAnother();
      try {
        expect([...(await another.prunedPaths?.(RUN) ?? [])].sort()).toEqual([tp(RUN, 0), tp(RUN, 1)]);
      } finally {
        await another.close();
      }
    });
  });
}
