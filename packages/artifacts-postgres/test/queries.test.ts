/**
 * The query API (`runSummary`, `tickStatus`, `tickProblems`, `budgetSpent`) against the real
 * server: results checked against the facts the fixture ticks were built from, the same rows the
 * documented SQL views give, filters by range, status, problem and lane, and bad arguments refused
 * before anything is sent.
 */
import { ArtifactNotFoundError, ArtifactValidationError } from '@abraxas/artifacts';
import { freePort } from '@abraxas/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../src/index.js';
import { dropSchema, freshSchema, openStore, sql } from './support/pg.js';
import { tickBatch, tickFacts, tickTexts } from './support/ticks.js';

const schema = freshSchema('queries');
let store: PostgresStore;
const RUN = 'QUERY-RUN';
const TICKS = 12;

beforeAll(async () => {
  store = openStore(schema);
  for (let t = 0; t < TICKS; t++) await store.writeBatch(tickBatch(RUN, t));
  await store.writeBatch([...tickBatch('A-RUN', 5), ...tickBatch('A-RUN', 9)]);
});
afterAll(async () => {
  await store.close();
  await dropSchema(schema);
});

const ticks = (from = 0, to = TICKS - 1): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const bytesOf = (run: string, ts: readonly number[]): number => ts.reduce((n, t) => n + tickTexts(run, t).join('').length, 0);

/** The expected tick_status rows of ticks `ts`, from the facts. */
function statusRows(ts: readonly number[]): { tick: number; status: string; events: number }[] {
  return ts.flatMap((t) => {
    const f = tickFacts(t);
    const counts: [string, number][] = [
      ['error', f.errors],
      ['ok', 3 - f.errors - f.skipped],
      ['skipped_budget', f.skipped],
    ];
    return counts.filter(([, n]) => n > 0).map(([status, events]) => ({ tick: t, status, events }));
  });
}

describe('the query API', () => {
  it('runSummary: every run with its counts, tick span and bytes', async () => {
    expect(await store.runSummary()).toEqual([
      { run_id: 'A-RUN', records: 4, ticks: 2, first_tick: 5, last_tick: 9, bytes: bytesOf('A-RUN', [5, 9]), batches: 1 },
      { run_id: RUN, records: 2 * TICKS, ticks: TICKS, first_tick: 0, last_tick: TICKS - 1, bytes: bytesOf(RUN, ticks()), batches: TICKS },
    ]);
  });

  it('tickStatus: a run\'s events per tick and status, by range and by status', async () => {
    expect(await store.tickStatus(RUN)).toEqual(statusRows(ticks()));
    expect(await store.tickStatus(RUN, { fromTick: 3, toTick: 6 })).toEqual(statusRows(ticks(3, 6)));
    expect(await store.tickStatus(RUN, { fromTick: 10 })).toEqual(statusRows(ticks(10)));
    expect(await store.tickStatus(RUN, { toTick: 1 })).toEqual(statusRows(ticks(0, 1)));
    // Ticks 0, 4 and 8 skip a task (t % 4 === 0).
    expect(await store.tickStatus(RUN, { status: 'skipped_budget' })).toEqual([0, 4, 8].map((tick) => ({ tick, status: 'skipped_budget', events: 1 })));
    expect(await store.tickStatus(RUN, { status: 'error', fromTick: 4, toTick: 9 })).toEqual([6, 9].map((tick) => ({ tick, status: 'error', events: 1 })));
    expect(await store.tickStatus(RUN, { status: 'not_computable' })).toEqual([]);
  });

  it('tickProblems: errors and skips per tick, and only the ticks with errors, skips or either', async () => {
    const all = ticks().map((t) => ({ tick: t, errors: tickFacts(t).errors, skipped: tickFacts(t).skipped }));
    expect(await store.tickProblems(RUN)).toEqual(all);
    expect((await store.tickProblems(RUN, { only: 'errors' })).map((r) => r.tick)).toEqual([0, 3, 6, 9]);
    expect((await store.tickProblems(RUN, { only: 'skips' })).map((r) => r.tick)).toEqual([0, 4, 8]);
    expect((await store.tickProblems(RUN, { only: 'errors_or_skips', fromTick: 1, toTick: 8 })).map((r) => r.tick)).toEqual([3, 4, 6, 8]);
    expect(await store.tickProblems(RUN, { fromTick: 2, toTick: 2 })).toEqual([{ tick: 2, errors: 0, skipped: 0 }]);
  });

  it('budgetSpent: ops and entropy per lane and tick, and one lane', async () => {
    const rows = ticks().flatMap((t) => [
      { tick: t, lane: 'forecast', spent_ops: tickFacts(t).forecastOps, spent_entropy: 0 },
      { tick: t, lane: 'shadow', spent_ops: tickFacts(t).shadowOps, spent_entropy: 0 },
    ]);
    expect(await store.budgetSpent(RUN)).toEqual(rows);
    expect(await store.budgetSpent(RUN, { lane: 'shadow', fromTick: 5, toTick: 7 })).toEqual(rows.filter((r) => r.lane === 'shadow' && r.tick >= 5 && r.tick <= 7));
  });

  it('gives the rows of the documented views, as numbers', async () => {
    const view = async (q: string): Promise<Record<string, unknown>[]> =>
      (await sql(q.replaceAll('{s}', `"${schema}"`), [RUN])).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'run_id' || k === 'status' || k === 'lane' ? v : Number(v)])));
    expect(await store.tickStatus(RUN)).toEqual(await view('SELECT tick, status, events FROM {s}.tick_status WHERE run_id = $1 ORDER BY tick, status'));
    expect(await store.tickProblems(RUN)).toEqual(await view('SELECT tick, errors, skipped FROM {s}.tick_problems WHERE run_id = $1 ORDER BY tick'));
    expect(await store.budgetSpent(RUN)).toEqual(await view('SELECT tick, lane, spent_ops, spent_entropy FROM {s}.budget_spent WHERE run_id = $1 ORDER BY tick, lane'));
    const summary = (await sql(`SELECT run_id, records, ticks, first_tick, last_tick, bytes, batches FROM "${schema}".run_summary ORDER BY run_id`)).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'run_id' ? v : Number(v)])),
    );
    expect(await store.runSummary()).toEqual(summary);
  });

  it('a run without records is ArtifactNotFoundError; a range with nothing in it is empty', async () => {
    for (const call of [() => store.tickStatus('NO-SUCH-RUN'), () => store.tickProblems('NO-SUCH-RUN'), () => store.budgetSpent('NO-SUCH-RUN')]) {
      await expect(call()).rejects.toBeInstanceOf(ArtifactNotFoundError);
      await expect(call()).rejects.toThrow(/^PostgresStore\.(tickStatus|tickProblems|budgetSpent): runId "NO-SUCH-RUN" has no records in this store$/);
    }
    expect(await store.tickStatus(RUN, { fromTick: 100 })).toEqual([]);
    expect(await store.tickProblems(RUN, { fromTick: 1, toTick: 2, only: 'errors' })).toEqual([]);
  });

  it('refuses bad arguments before anything is sent, naming the method, the field and the rule', async () => {
    // A store on a port nothing listens on: a query that were sent would fail with PostgresStoreError.
    const port = await freePort();
    const dead = new PostgresStore({ connectionString: `postgres://u:p@127.0.0.1:${String(port)}/db`, retryForMs: 0 });
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => dead.tickStatus('../etc'), /^PostgresStore\.tickStatus: runId must be/],
      [() => dead.tickProblems(42 as never), /^PostgresStore\.tickProblems: runId must be/],
      [() => dead.budgetSpent(RUN, [] as never), /^PostgresStore\.budgetSpent: filter must be a plain object; got/],
      [() => dead.tickStatus(RUN, { fromTick: -1 }), /^PostgresStore\.tickStatus: filter\.fromTick must be a non-negative safe integer; got -1$/],
      [() => dead.tickStatus(RUN, { toTick: 1.5 }), /^PostgresStore\.tickStatus: filter\.toTick must be a non-negative safe integer; got 1\.5$/],
      [() => dead.tickProblems(RUN, { fromTick: 5, toTick: 4 }), /^PostgresStore\.tickProblems: filter\.toTick must be at least fromTick \(5\); got 4$/],
      [() => dead.tickStatus(RUN, { status: 'OK' as never }), /^PostgresStore\.tickStatus: filter\.status must be one of 'ok', 'skipped_budget', 'error', 'not_computable'; got "OK"$/],
      [() => dead.tickProblems(RUN, { only: 'warnings' as never }), /^PostgresStore\.tickProblems: filter\.only must be one of 'errors', 'skips', 'errors_or_skips'; got "warnings"$/],
      [() => dead.budgetSpent(RUN, { lane: 'metric' as never }), /^PostgresStore\.budgetSpent: filter\.lane must be one of 'forecast', 'shadow'; got "metric"$/],
      [() => dead.budgetSpent(RUN, { status: 'ok' } as never), /^PostgresStore\.budgetSpent: filter\.status is not an option; the options are fromTick, toTick, lane$/],
    ];
    for (const [call, message] of cases) {
      const err: unknown = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactValidationError);
      expect((err as Error).message).toMatch(message);
    }
    await dead.close();
    await expect(dead.runSummary()).rejects.toThrow(/^PostgresStore\.runSummary: store is closed/);
  });
});
