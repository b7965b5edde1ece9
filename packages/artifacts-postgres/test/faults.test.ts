/**
 * Faults, for real: writer processes SIGKILLed in the middle of a batch, a server restarted under
 * running writers, a server that is down, a database that does not exist, dropped connections, a
 * schema from a newer version. Bad input is refused before anything is sent.
 */
import { ArtifactValidationError, type StoreWrite } from '@abraxas/artifacts';
import { freePort, startServer } from '@abraxas/test-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore, PostgresStoreError, SCHEMA_VERSION } from '../src/index.js';
import { spawnWriter } from './support/child.js';
import { dropSchema, freshSchema, openStore, pgUrl, sql } from './support/pg.js';
import { tickBatch } from './support/ticks.js';

const schemas: string[] = [];
const stores: PostgresStore[] = [];
const schema = (): string => {
  const s = freshSchema('faults');
  schemas.push(s);
  return s;
};
const keep = (s: PostgresStore): PostgresStore => {
  stores.push(s);
  return s;
};
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  for (const s of schemas) await dropSchema(s);
});

const withApp = (url: string, app: string): string => {
  const u = new URL(url);
  u.searchParams.set('application_name', app);
  return u.toString();
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

const NOTES = 30;

describe('a writer SIGKILLed mid-batch', () => {
  it('leaves no partial tick, 20 times over, and the run stays writable', async () => {
    const s = schema();
    const run = 'KILL-RUN';
    const watcher = new pg.Client({ connectionString: pgUrl() });
    await watcher.connect();
    const acked = new Set<number>();
    let next = 0;
    let inFlight = 0;
    try {
      for (let k = 0; k < 20; k++) {
        const app = `abraxas-kill-${String(k)}`;
        const child = spawnWriter([withApp(pgUrl(), app), s, run, String(next), '0', '1', String(NOTES)]);
        await child.waitForAcks(1);
        // Kill while the child's batch statement is running on the server (bounded polling).
        for (let polls = 0; polls < 5000; polls++) {
          const active = await watcher.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE '%write_batch%'", [app]);
          if ((active.rowCount ?? 0) > 0) {
            inFlight += 1;
            break;
          }
        }
        child.proc.kill('SIGKILL');
        expect((await child.exited).signal).toBe('SIGKILL');
        for (const t of child.acked) acked.add(t);
        next = Math.max(...child.started) + 1;
      }
    } finally {
      await watcher.end();
    }
    expect(inFlight).toBeGreaterThan(0);
    // Every tick is whole (its 2 + NOTES records) or absent; every acknowledged tick is there.
    const ticks = await sql<{ tick: string; n: string }>(`SELECT tick, count(*) AS n FROM "${s}".records WHERE run_id = $1 GROUP BY tick ORDER BY tick`, [run]);
    for (const row of ticks) expect(Number(row.n), `tick ${row.tick}`).toBe(2 + NOTES);
    const present = new Set(ticks.map((r) => Number(r.tick)));
    for (const t of acked) expect(present.has(t), `acknowledged tick ${String(t)}`).toBe(true);
    const store = keep(openStore(s));
    expect((await store.verifyRun(run)).ok).toBe(true);
    // Nothing is left locked: the run takes the next tick at once.
    await store.writeBatch(tickBatch(run, next));
    expect((await store.verifyRun(run)).checked).toBe((2 + NOTES) * present.size + 2);
  }, 300_000);
});

describe('the server restarted mid-run', () => {
  it('patient writers retry idempotently, impatient ones fail clearly, and nothing that resolved is lost', async () => {
    const server = await startServer({ fast: false, persistent: true });
    const s = 'restart';
    const patient = new PostgresStore({ connectionString: server.url, schema: s, retryForMs: 60_000 });
    const impatient = new PostgresStore({ connectionString: server.url, schema: s, retryForMs: 0 });
    try {
      const TICKS = 120;
      const resolved: string[] = [];
      const failures: unknown[] = [];
      let restarted = false;
      const patientLoop = async (): Promise<void> => {
        for (let t = 0; t < TICKS; t++) {
          await patient.writeBatch(tickBatch('PATIENT', t));
          resolved.push(`PATIENT ${String(t)}`);
        }
      };
      const impatientLoop = async (): Promise<void> => {
        for (let t = 0; t < TICKS || !restarted; t++) {
          try {
            await impatient.writeBatch(tickBatch('IMPATIENT', t));
            resolved.push(`IMPATIENT ${String(t)}`);
          } catch (err) {
            failures.push(err);
            await sleep(20);
          }
        }
      };
      const restart = async (): Promise<void> => {
        while (resolved.length < 30) await sleep(10);
        await server.pg.stop();
        await sleep(500);
        await server.pg.start();
        restarted = true;
      };
      await Promise.all([patientLoop(), impatientLoop(), restart()]);
      expect(failures.length).toBeGreaterThan(0);
      for (const err of failures) {
        expect(err).toBeInstanceOf(PostgresStoreError);
        expect((err as Error).message).toMatch(/^PostgresStore\.writeBatch: the PostgreSQL server at 127\.0\.0\.1:\d+\/postgres (could not be reached or dropped the connection|failed)/);
        expect((err as Error).message).not.toContain('abraxas:abraxas');
      }
      const check = new PostgresStore({ connectionString: server.url, schema: s });
      try {
        const patientRun = await check.verifyRun('PATIENT');
        expect(patientRun).toMatchObject({ ok: true, checked: 2 * TICKS });
        expect((await check.verifyRun('IMPATIENT')).ok).toBe(true);
        const listed = new Set([...(await check.listRecords('PATIENT')), ...(await check.listRecords('IMPATIENT'))].map((r) => `${r.path.includes('PATIENT') && !r.path.includes('IMPATIENT') ? 'PATIENT' : 'IMPATIENT'} ${String(r.tick)}`));
        for (const r of resolved) expect(listed.has(r), r).toBe(true);
      } finally {
        await check.close();
      }
    } finally {
      await patient.close();
      await impatient.close();
      await server.dispose();
    }
  }, 300_000);
});

describe('connection failures and bad options', () => {
  it('refuses bad options before connecting, naming the field and the rule', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /new PostgresStore: options must be a plain object/],
      [{ connectionString: '' }, /options\.connectionString must be a non-empty string/],
      [{ connectionString: 'not a url' }, /options\.connectionString must be a URL/],
      [{ connectionString: 'mysql://u:secret@h/db' }, /options\.connectionString must start with postgres:\/\/ or postgresql:\/\//],
      [{ connectionString: 'postgres://h/db', schema: 'Bad-Name' }, /options\.schema must be 1-63 characters from a-z 0-9 _/],
      [{ connectionString: 'postgres://h/db', retryForMs: -1 }, /options\.retryForMs must be a safe integer >= 0/],
      [{ connectionString: 'postgres://h/db', maxConnections: 0 }, /options\.maxConnections must be a safe integer >= 1/],
    ];
    for (const [options, message] of cases) {
      expect(() => new PostgresStore(options as never)).toThrow(ArtifactValidationError);
      expect(() => new PostgresStore(options as never)).toThrow(message);
    }
    expect(() => new PostgresStore({ connectionString: 'mysql://u:secret@h/db' })).not.toThrow(/secret/);
  });

  it('a server that is down: a clear error after the retry window, and bad input is refused before anything is sent', async () => {
    const port = await freePort();
    const store = keep(new PostgresStore({ connectionString: `postgres://u:secret@127.0.0.1:${String(port)}/db`, retryForMs: 300 }));
    const err: unknown = await store.listRuns().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresStoreError);
    expect((err as PostgresStoreError).code).toBe('ECONNREFUSED');
    expect((err as Error).message).toMatch(new RegExp(`^PostgresStore\\.listRuns: the PostgreSQL server at 127\\.0\\.0\\.1:${String(port)}/db could not be reached or dropped the connection .*ECONNREFUSED.*; nothing was read$`));
    expect((err as Error).message).not.toContain('secret');
    // Validation comes first: a bad batch is refused without any attempt to connect.
    const bad: StoreWrite = { runId: 'R', tick: -1, kind: 'trendpack', schema: 'TrendPack.v0', obj: {}, relPath: 'viz/R/x.json' };
    await expect(store.writeBatch([bad])).rejects.toThrow(/^PostgresStore\.writeBatch: items\[0\]\.tick must be a non-negative safe integer/);
    await expect(store.writeBatch([bad])).rejects.toBeInstanceOf(ArtifactValidationError);
    // So is every read's bad argument: the error is the argument's, not the server's.
    const reads: [() => Promise<unknown>, RegExp][] = [
      [() => store.readRecord('R', '../escape.json'), /^PostgresStore\.readRecord: relPath must stay inside the artifacts folder/],
      [() => store.readRecord('..', 'viz/x.json'), /^PostgresStore\.readRecord: runId must be/],
      [() => store.listRecords('R', 'newest' as never), /^PostgresStore\.listRecords: order must be 'manifest' or 'commit'; got "newest"$/],
      [() => store.readManifest(''), /^PostgresStore\.readManifest: runId must be/],
      [() => store.verifyRun(7 as never), /^PostgresStore\.verifyRun: runId must be/],
    ];
    for (const [call, message] of reads) {
      const e: unknown = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ArtifactValidationError);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('a database that does not exist: a clear error at once, without retries', async () => {
    const u = new URL(pgUrl());
    u.pathname = '/no_such_database';
    const store = keep(new PostgresStore({ connectionString: u.toString(), retryForMs: 60_000 }));
    const err: unknown = await store.writeBatch(tickBatch('R', 0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresStoreError);
    expect((err as PostgresStoreError).code).toBe('3D000');
    expect((err as Error).message).toMatch(/^PostgresStore\.writeBatch: the PostgreSQL server at .*\/no_such_database failed \(database "no_such_database" does not exist, 3D000\); nothing of the batch was written$/);
  });

  it('dropped connections: the next batch reconnects, and nothing is lost', async () => {
    const s = schema();
    const app = `abraxas-drop-${s}`;
    const store = keep(new PostgresStore({ connectionString: withApp(pgUrl(), app), schema: s }));
    for (let t = 0; t < 5; t++) await store.writeBatch(tickBatch('DROP', t));
    const killed = await sql<{ ok: boolean }>('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [app]);
    expect(killed.length).toBeGreaterThan(0);
    for (let t = 5; t < 10; t++) await store.writeBatch(tickBatch('DROP', t));
    expect(await store.verifyRun('DROP')).toMatchObject({ ok: true, checked: 20 });
  });
});

describe('schema versions', () => {
  it('migrates a fresh schema once, however many stores start together', async () => {
    const s = schema();
    const many = Array.from({ length: 6 }, () => keep(openStore(s)));
    await Promise.all(many.map((store, i) => store.writeBatch(tickBatch('MIGRATE', i))));
    expect(await sql(`SELECT version FROM "${s}".schema_version`)).toEqual([{ version: SCHEMA_VERSION }]);
    expect((await many[0]?.verifyRun('MIGRATE'))?.checked).toBe(12);
  });

  it('refuses a schema from a newer version, and changes nothing', async () => {
    const s = schema();
    const first = keep(openStore(s));
    await first.writeBatch(tickBatch('NEWER', 0));
    await sql(`UPDATE "${s}".schema_version SET version = $1`, [SCHEMA_VERSION + 1]);
    const later = keep(openStore(s));
    const err: unknown = await later.writeBatch(tickBatch('NEWER', 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresStoreError);
    expect((err as PostgresStoreError).code).toBe('SCHEMA_NEWER');
    expect((err as Error).message).toBe(
      `PostgresStore.writeBatch: schema "${s}" is at version ${String(SCHEMA_VERSION + 1)}, newer than this package's ${String(SCHEMA_VERSION)}; upgrade @abraxas/artifacts-postgres (nothing was changed)`,
    );
    expect(await sql(`SELECT version FROM "${s}".schema_version`)).toEqual([{ version: SCHEMA_VERSION + 1 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM "${s}".records`)).toEqual([{ n: 2 }]);
  });
});
