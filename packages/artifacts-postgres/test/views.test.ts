/**
 * The dashboards' SQL: every query the README documents and every query of the example Grafana
 * dashboard runs against the real server, with results checked against the facts the fixture
 * ticks were built from. Also the upgrade of a version-1 schema to the views' version.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type PostgresStore } from '../src/index.js';
import { dropSchema, freshSchema, openStore, sql } from './support/pg.js';
import { tickBatch, tickFacts } from './support/ticks.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const dashboard = JSON.parse(readFileSync(new URL('../grafana/abraxas-dashboard.json', import.meta.url), 'utf8')) as {
  templating: { list: { query: string }[] };
  panels: { title: string; targets: { rawSql: string }[] }[];
};
const readmeQueries = [...readme.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);

const schema = freshSchema('views');
const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await dropSchema(schema);
});

const RUN = 'VIEW-RUN';
const TICKS = 12;
/** A query as the documentation writes it, for the test's schema and run. */
const bind = (q: string): string => q.replaceAll('abraxas.', `"${schema}".`).replaceAll("'$run'", `'${RUN}'`);

async function seeded(): Promise<void> {
  if (stores.length > 0) return;
  const store = openStore(schema);
  stores.push(store);
  for (let t = 0; t < TICKS; t++) await store.writeBatch(tickBatch(RUN, t));
  await store.writeBatch(tickBatch('OTHER-RUN', 7));
}

describe('dashboard queries', () => {
  it('documents four queries, and the dashboard charts exactly those', () => {
    expect(readmeQueries).toHaveLength(4);
    expect(dashboard.panels.flatMap((p) => p.targets.map((t) => t.rawSql)).sort()).toEqual([...readmeQueries].sort());
  });

  it('runs: one row per run with its counts', async () => {
    await seeded();
    const rows = await sql(bind(readmeQueries[0] as string));
    expect(rows).toEqual([
      { run_id: 'OTHER-RUN', records: '2', ticks: '1', first_tick: '7', last_tick: '7', bytes: expect.any(String) as unknown, batches: '1' },
      { run_id: RUN, records: String(2 * TICKS), ticks: String(TICKS), first_tick: '0', last_tick: String(TICKS - 1), bytes: expect.any(String) as unknown, batches: String(TICKS) },
    ]);
    expect(await sql(bind(dashboard.templating.list[0]?.query ?? ''))).toEqual([{ run_id: 'OTHER-RUN' }, { run_id: RUN }]);
  });

  it('ticks by status, errors and skips, budget spent: the facts each tick was written with', async () => {
    await seeded();
    const status = await sql<{ tick: string; status: string; events: string }>(bind(readmeQueries[1] as string));
    const problems = await sql<{ tick: string; errors: number; skipped: number }>(bind(readmeQueries[2] as string));
    const budget = await sql<{ tick: string; lane: string; spent_ops: string; spent_entropy: string }>(bind(readmeQueries[3] as string));
    const expectedStatus: { tick: string; status: string; events: string }[] = [];
    const expectedProblems: { tick: string; errors: number; skipped: number }[] = [];
    const expectedBudget: { tick: string; lane: string; spent_ops: string; spent_entropy: string }[] = [];
    for (let t = 0; t < TICKS; t++) {
      const f = tickFacts(t);
      const counts: [string, number][] = [
        ['error', f.errors],
        ['ok', 3 - f.errors - f.skipped],
        ['skipped_budget', f.skipped],
      ];
      for (const [s, n] of counts) if (n > 0) expectedStatus.push({ tick: String(t), status: s, events: String(n) });
      expectedProblems.push({ tick: String(t), errors: f.errors, skipped: f.skipped });
      expectedBudget.push({ tick: String(t), lane: 'forecast', spent_ops: String(f.forecastOps), spent_entropy: '0' });
      expectedBudget.push({ tick: String(t), lane: 'shadow', spent_ops: String(f.shadowOps), spent_entropy: '0' });
    }
    expect(status).toEqual(expectedStatus);
    expect(problems).toEqual(expectedProblems);
    expect(budget).toEqual(expectedBudget);
  });

  it('upgrades a version-1 schema to the views\' version on first use', async () => {
    await seeded();
    const old = freshSchema('views_v1');
    const first = openStore(old);
    try {
      await first.writeBatch(tickBatch(RUN, 0));
    } finally {
      await first.close();
    }
    // Back to what version 1 had: no views…
    for (const v of ['budget_spent', 'tick_problems', 'tick_status', 'trendpacks', 'run_summary']) await sql(`DROP VIEW "${old}".${v}`);
    // …and no retention (version 3).
    await sql(`ALTER TABLE "${old}".records DROP CONSTRAINT records_pruned_has_no_body, DROP COLUMN pruned, ALTER COLUMN body SET NOT NULL`);
    await sql(`UPDATE "${old}".schema_version SET version = 1`);
    const later = openStore(old);
    try {
      expect(await later.listRuns()).toEqual([RUN]);
      expect(await sql(`SELECT version FROM "${old}".schema_version`)).toEqual([{ version: SCHEMA_VERSION }]);
      expect(await sql(`SELECT tick, errors, skipped FROM "${old}".tick_problems`)).toEqual([{ tick: '0', errors: 1, skipped: 1 }]);
    } finally {
      await later.close();
      await dropSchema(old);
    }
  });
});
