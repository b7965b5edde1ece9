import { ArtifactWriter, readManifest, verifyRun } from '@abraxas/artifacts';
import { sha256Hex } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abraxasTick,
  openRun,
  PromotionRecordError,
  replayPromotions,
  RuntimeValidationError,
  type MetricSpec,
  type PromotionRecord,
  type RunIndex,
  type TickResult,
} from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, failOn, steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const work = pipeline();
const policy = { shadow: { promote_after: 3, demote_after: 3 }, canary: { promote_after: 2, demote_after: 2 } };
const metrics = (): Record<string, MetricSpec<TestContext>> => ({ steady: steady(), drifting: driftOn([1, 4]), failing: failOn([2, 3, 5]) });
const RUN = { runId: 'RUN-P', mode: 'test', fsync: false, promotionPolicy: policy, invarianceRuns: 3 } as const;

/** Ticks of the run in `dir`; `m` are the metric functions (their drift counters live in them). */
async function handleRun(dir: string, ticks: readonly number[], m = metrics()): Promise<TickResult[]> {
  const run = openRun<TestContext>({ ...RUN, artifactsDir: dir, metrics: m });
  const out: TickResult[] = [];
  for (const t of ticks) out.push(await run.tick(work(t)));
  await run.close();
  return out;
}

const TICKS = [0, 1, 2, 3, 4, 5, 6, 7];
const name = (t: number): string => String(t).padStart(6, '0');
const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8')) as unknown;

function expectSameTree(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [path, bytes] of a) expect(b.get(path)?.equals(bytes), path).toBe(true);
}

describe('decision records in the ledger', () => {
  it('one per tick, listed in the manifest (kind promotion), cited by the tick\'s RunIndex', async () => {
    const dir = await tempDir('ledger');
    const results = await handleRun(dir, TICKS);
    const manifest = await readManifest(dir, 'RUN-P');
    const promo = manifest.records.filter((r) => r.kind === 'promotion');
    expect(promo.map((r) => [r.tick, r.schema, r.path, r.extra])).toEqual(
      TICKS.map((t) => [t, 'PromotionDecision.v0', `promotion/RUN-P/${name(t)}.promotion.json`, { mode: 'test' }]),
    );
    for (const r of results) {
      expect(r.artifacts.promotion).toBe(join(dir, 'promotion', 'RUN-P', `${name(r.tick)}.promotion.json`));
      const bytes = await readFile(r.artifacts.promotion ?? '');
      expect(sha256Hex(bytes)).toBe(r.artifacts.promotion_sha256);
      expect(JSON.parse(bytes.toString('utf8'))).toEqual(r.promotion?.record);
      const ri = (await readJson(r.artifacts.runindex)) as RunIndex;
      expect(ri.refs).toEqual({ trendpack: `viz/RUN-P/${name(r.tick)}.trendpack.json`, promotion: `promotion/RUN-P/${name(r.tick)}.promotion.json` });
      expect(ri.hashes).toEqual({ trendpack_sha256: r.artifacts.trendpack_sha256, promotion_sha256: r.artifacts.promotion_sha256 });
      expect(r.promotion?.record.refs.trendpack).toBe(`viz/RUN-P/${name(r.tick)}.trendpack.json`);
      expect(r.promotion?.record.hashes.trendpack_sha256).toBe(r.artifacts.trendpack_sha256);
    }
    const v = await verifyRun(dir, 'RUN-P');
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(TICKS.length * 3);
  });

  it('replay to exactly the states written, from the ledger alone', async () => {
    const dir = await tempDir('replay');
    const results = await handleRun(dir, TICKS);
    const replay = await replayPromotions(dir, 'RUN-P');
    expect(replay.records).toEqual(results.map((r) => r.promotion?.record));
    const last = results[results.length - 1]?.promotion?.record.metrics ?? [];
    expect(replay.states).toEqual(Object.fromEntries(last.map((m) => [m.metric, m.state])));
    expect(replay.root_hash).toBe((await verifyRun(dir, 'RUN-P')).root_hash);
    // The mix this test relies on: a drift, an error and a promotion all happened.
    const all = replay.records.flatMap((r) => r.metrics);
    expect(all.some((m) => !m.evidence.invariant)).toBe(true);
    expect(all.some((m) => m.evidence.status === 'error')).toBe(true);
    expect(replay.states.steady?.stage).toBe('promoted');
  });

  it('a run without metrics writes no decision record and its RunIndex cites only the TrendPack', async () => {
    const dir = await tempDir('plain');
    const r = await abraxasTick({ runId: 'RUN-P', mode: 'test', artifactsDir: dir, fsync: false, ...work(0) });
    expect(r.promotion).toBeUndefined();
    expect(Object.keys(r.artifacts).sort()).toEqual(['runindex', 'runindex_sha256', 'trendpack', 'trendpack_sha256']);
    expect(((await readJson(r.artifacts.runindex)) as RunIndex).refs).toEqual({ trendpack: 'viz/RUN-P/000000.trendpack.json' });
    expect((await replayPromotions(dir, 'RUN-P')).records).toEqual([]);
  });
});

describe('resuming from the ledger', () => {
  it('a run split over two handles writes the same bytes as one handle', async () => {
    const one = await tempDir('one');
    const two = await tempDir('two');
    await handleRun(one, TICKS);
    // The same metric functions in both handles, as one process holds them.
    const m = metrics();
    await handleRun(two, TICKS.slice(0, 3), m);
    await handleRun(two, TICKS.slice(3), m);
    expectSameTree(filesOf(one), filesOf(two));
  });

  it('abraxasTick with metrics, once per tick, writes the same bytes as a run handle', async () => {
    const handle = await tempDir('handle');
    const oneCall = await tempDir('one-call');
    await handleRun(handle, TICKS);
    const m = metrics(); // one set of metric functions across the calls, as a process would hold them
    for (const t of TICKS) await abraxasTick<TestContext>({ ...RUN, artifactsDir: oneCall, metrics: m, ...work(t) });
    expectSameTree(filesOf(handle), filesOf(oneCall));
  });

  it('running the run again into its folder changes nothing', async () => {
    const dir = await tempDir('again');
    const first = await handleRun(dir, TICKS);
    const before = filesOf(dir);
    const second = await handleRun(dir, TICKS);
    expectSameTree(before, filesOf(dir));
    expect(second.map((r) => r.promotion?.record)).toEqual(first.map((r) => r.promotion?.record));
  });

  it('refuses a tick before the latest decision unless it repeats a decided tick, before anything runs', async () => {
    const dir = await tempDir('backfill');
    const run = openRun<TestContext>({ ...RUN, artifactsDir: dir, metrics: metrics() });
    for (const t of [0, 1, 5]) await run.tick(work(t));
    const before = filesOf(dir);
    let ran = false;
    const tick3 = { ...work(3), runSignal: () => (ran = true) };
    await expect(run.tick(tick3)).rejects.toThrow(RuntimeValidationError);
    await expect(run.tick(tick3)).rejects.toThrow(
      "RunHandle.tick: tick must not be before the run's latest promotion decision (tick 5) unless it has one: a run with metrics ticks forward; got 3",
    );
    await run.close();
    await expect(abraxasTick<TestContext>({ ...RUN, artifactsDir: dir, metrics: metrics(), ...tick3 })).rejects.toThrow(/^abraxasTick: tick must not be before/);
    expect(ran).toBe(false);
    expectSameTree(before, filesOf(dir));
    // A decided tick may be repeated: same states before it, same outcome, same record (nothing new).
    const again = await abraxasTick<TestContext>({ ...RUN, artifactsDir: dir, metrics: metrics(), ...work(0) });
    expect(again.promotion?.record.tick).toBe(0);
    expectSameTree(before, filesOf(dir));
  });

  it('a metric that is no longer given stays in the ledger as absent, failing, until demoted', async () => {
    const dir = await tempDir('absent');
    const call = (t: number, m: Record<string, MetricSpec<TestContext>>) => abraxasTick<TestContext>({ ...RUN, artifactsDir: dir, metrics: m, ...work(t) });
    await call(0, { gone: steady() }); // candidate → shadow
    await call(1, { gone: steady() });
    const results: TickResult[] = [];
    for (const t of [2, 3, 4, 5]) results.push(await call(t, {}));
    const d = results.map((r) => r.promotion?.record.metrics.find((m) => m.metric === 'gone'));
    expect(d[0]?.evidence).toEqual({ tick: 2, status: 'absent', cost_ops: 0, lane_budget_ops: 20, invariant: true });
    expect(d[0]?.gate).toBeNull();
    expect(results[0]?.results['metric:gone']).toBeUndefined();
    // shadow demotes after 3 failing ticks: 2, 3, 4.
    expect(d.map((x) => [x?.decision, x?.state.stage])).toEqual([
      ['hold', 'shadow'],
      ['hold', 'shadow'],
      ['demote', 'candidate'],
      ['hold', 'candidate'],
    ]);
    expect((await replayPromotions(dir, 'RUN-P')).records).toHaveLength(6);
  });
});

describe('replayPromotions refuses a ledger that does not replay', () => {
  /** Rewrites the run of `src` into a fresh folder through a writer, changing the records `edit` changes. */
  async function forge(src: string, edit: (doc: PromotionRecord) => PromotionRecord | null): Promise<string> {
    const dst = await tempDir('forged');
    const w = new ArtifactWriter(dst, { fsync: false });
    for (const r of (await readManifest(src, 'RUN-P')).records) {
      let doc = (await readJson(join(src, ...r.path.split('/')))) as PromotionRecord;
      if (r.kind === 'promotion') doc = edit(doc) ?? doc;
      await w.writeJson({ runId: 'RUN-P', tick: r.tick, kind: r.kind, schema: r.schema, obj: doc, relPath: r.path, ...(r.extra === undefined ? {} : { extra: r.extra }) });
    }
    return dst;
  }

  const edit = (tick: number, metric: string, change: (m: PromotionRecord['metrics'][number]) => object) => (doc: PromotionRecord) =>
    doc.tick !== tick ? null : { ...doc, metrics: doc.metrics.map((m) => (m.metric === metric ? { ...m, ...change(m) } : m)) };

  it('a decision that does not follow from the recorded evidence', async () => {
    const src = await tempDir('src');
    await handleRun(src, TICKS);
    const dst = await forge(src, edit(3, 'steady', (m) => ({ decision: 'hold', state: { ...m.state, stage: 'shadow' } })));
    await expect(replayPromotions(dst, 'RUN-P')).rejects.toThrow(PromotionRecordError);
    await expect(replayPromotions(dst, 'RUN-P')).rejects.toThrow(
      /^replayPromotions: promotion\/RUN-P\/000003\.promotion\.json metric "steady" replays to promote/,
    );
  });

  it('evidence that is not what the tick\'s TrendPack shows', async () => {
    const src = await tempDir('src');
    await handleRun(src, TICKS);
    // Claim the error at tick 2 was ok: the decision would follow, but the TrendPack says error.
    const dst = await forge(src, edit(2, 'failing', (m) => ({ evidence: { ...m.evidence, status: 'ok' } })));
    await expect(replayPromotions(dst, 'RUN-P')).rejects.toThrow(/metric "failing" evidence \(ok, 2 ops, shadow\) is not the TrendPack's event \(error, 2 ops, shadow\)/);
  });

  it('a state that does not continue from the previous record', async () => {
    const src = await tempDir('src');
    await handleRun(src, TICKS);
    const dst = await forge(src, edit(4, 'drifting', (m) => ({ state_before: { ...m.state_before, qualifying_streak: m.state_before.qualifying_streak + 1 } })));
    await expect(replayPromotions(dst, 'RUN-P')).rejects.toThrow(/000004\.promotion\.json metric "drifting" state_before is not the state the previous record left \(tick 3\)/);
  });

  it('a record whose bytes were changed after sealing', async () => {
    const dir = await tempDir('tampered');
    await handleRun(dir, TICKS);
    const path = join(dir, 'promotion', 'RUN-P', '000002.promotion.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"decision":"hold"', '"decision":"demo"'));
    await expect(replayPromotions(dir, 'RUN-P')).rejects.toThrow(/000002\.promotion\.json does not match its sealed sha256/);
    // And a resumed run refuses to start from it.
    await expect(abraxasTick<TestContext>({ ...RUN, artifactsDir: dir, metrics: metrics(), ...work(3) })).rejects.toThrow(PromotionRecordError);
  });
});
