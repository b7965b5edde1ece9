/**
 * The store's schema, as versioned migrations applied in order on first use, each once, under an
 * advisory lock so that stores starting together migrate once. A schema from a newer version of this
 * package is refused, never downgraded.
 * Owns: the tables, views and their versions. Must not: read or write records.
 */
import type { PoolClient } from 'pg';
import { PostgresStoreError } from './errors.js';

/** One migration: the schema version it brings the store to and its SQL (`{s}` is the schema). */
interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE {s}.runs (
  run_id      text PRIMARY KEY,
  records     bigint NOT NULL DEFAULT 0,
  batches     bigint NOT NULL DEFAULT 0
);
CREATE TABLE {s}.records (
  run_id      text    NOT NULL REFERENCES {s}.runs (run_id),
  path        text    NOT NULL,
  seq         bigint  NOT NULL,
  batch       bigint  NOT NULL,
  tick        bigint  NOT NULL,
  kind        text    NOT NULL,
  schema_name text    NOT NULL,
  sha256      text    NOT NULL,
  size        integer NOT NULL,
  record_json text    NOT NULL,
  body        bytea   NOT NULL,
  PRIMARY KEY (run_id, path),
  UNIQUE (run_id, seq)
);
CREATE INDEX records_by_tick ON {s}.records (run_id, tick);
`,
  },
];

/** The newest schema version this package knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Some distinct number for this package's advisory lock on schema changes. */
const MIGRATION_LOCK = 0x61627278; // "abrx"

/** Brings `schema` to `SCHEMA_VERSION` in one transaction (a no-op when it is there already). */
export async function migrate(fn: string, client: PoolClient, schema: string): Promise<void> {
  const q = (sql: string): string => sql.replaceAll('{s}', `"${schema}"`);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await client.query(q('CREATE SCHEMA IF NOT EXISTS {s}'));
    await client.query(q('CREATE TABLE IF NOT EXISTS {s}.schema_version (version integer NOT NULL)'));
    const rows = (await client.query<{ version: number }>(q('SELECT version FROM {s}.schema_version'))).rows;
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new PostgresStoreError(
        fn,
        `schema "${schema}" is at version ${String(current)}, newer than this package's ${String(SCHEMA_VERSION)}; upgrade @abraxas/artifacts-postgres (nothing was changed)`,
      );
    }
    for (const m of MIGRATIONS) if (m.version > current) await client.query(q(m.sql));
    if (rows.length === 0) await client.query(q('INSERT INTO {s}.schema_version (version) VALUES ($1)'), [SCHEMA_VERSION]);
    else if (current < SCHEMA_VERSION) await client.query(q('UPDATE {s}.schema_version SET version = $1'), [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
