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
-- One batch in one statement (atomic by itself): lock the run's row, then either report every
-- listed path whose record differs (and write nothing) or insert the paths not yet listed, in the
-- items' order, as the run's next batch.
CREATE FUNCTION {s}.write_batch(
  p_run text, p_paths text[], p_ticks bigint[], p_kinds text[], p_schemas text[],
  p_sha256 text[], p_sizes integer[], p_json text[], p_bodies bytea[]
) RETURNS TABLE (conflict_path text, listed_json text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_records bigint;
  v_batches bigint;
  v_fresh bigint;
BEGIN
  INSERT INTO {s}.runs (run_id) VALUES (p_run) ON CONFLICT (run_id) DO NOTHING;
  SELECT r.records, r.batches INTO v_records, v_batches FROM {s}.runs r WHERE r.run_id = p_run FOR UPDATE;
  RETURN QUERY
    SELECT e.path, e.record_json
    FROM unnest(p_paths, p_json) AS w(path, json)
    JOIN {s}.records e ON e.run_id = p_run AND e.path = w.path
    WHERE e.record_json <> w.json;
  IF FOUND THEN
    RETURN;
  END IF;
  INSERT INTO {s}.records (run_id, path, seq, batch, tick, kind, schema_name, sha256, size, record_json, body)
    SELECT p_run, w.path, v_records + row_number() OVER (ORDER BY w.ord) - 1, v_batches,
           w.tick, w.kind, w.schema_name, w.sha256, w.size, w.json, w.body
    FROM unnest(p_paths, p_ticks, p_kinds, p_schemas, p_sha256, p_sizes, p_json, p_bodies)
           WITH ORDINALITY AS w(path, tick, kind, schema_name, sha256, size, json, body, ord)
    WHERE NOT EXISTS (SELECT 1 FROM {s}.records e WHERE e.run_id = p_run AND e.path = w.path);
  GET DIAGNOSTICS v_fresh = ROW_COUNT;
  IF v_fresh > 0 THEN
    UPDATE {s}.runs SET records = records + v_fresh, batches = batches + 1 WHERE run_id = p_run;
  END IF;
END
$fn$;
`,
  },
  {
    version: 2,
    sql: `
-- Dashboards: views over the stored records, the JSON documents read from their canonical bytes.
CREATE VIEW {s}.run_summary AS
  SELECT run_id, count(*) AS records, count(DISTINCT tick) AS ticks, min(tick) AS first_tick,
         max(tick) AS last_tick, sum(size) AS bytes, max(batch) + 1 AS batches
  FROM {s}.records GROUP BY run_id;
CREATE VIEW {s}.trendpacks AS
  SELECT run_id, tick, path, convert_from(body, 'UTF8')::jsonb AS doc
  FROM {s}.records WHERE schema_name LIKE 'TrendPack.%';
CREATE VIEW {s}.tick_status AS
  SELECT t.run_id, t.tick, e.value ->> 'status' AS status, count(*) AS events
  FROM {s}.trendpacks t CROSS JOIN LATERAL jsonb_array_elements(t.doc -> 'timeline') AS e
  GROUP BY t.run_id, t.tick, e.value ->> 'status';
CREATE VIEW {s}.tick_problems AS
  SELECT run_id, tick, jsonb_array_length(doc -> 'errors') AS errors, jsonb_array_length(doc -> 'skipped') AS skipped
  FROM {s}.trendpacks;
CREATE VIEW {s}.budget_spent AS
  SELECT t.run_id, t.tick, b.key AS lane, (b.value ->> 'spent_ops')::bigint AS spent_ops,
         (b.value ->> 'spent_entropy')::bigint AS spent_entropy
  FROM {s}.trendpacks t CROSS JOIN LATERAL jsonb_each(t.doc -> 'budget') AS b;
`,
  },
  {
    version: 3,
    sql: `
-- Retention: a pruned record keeps its row (path, SHA-256, size, record: the manifest and its root
-- do not change) and loses its bytes. The dashboards' views pass over pruned TrendPacks.
ALTER TABLE {s}.records ALTER COLUMN body DROP NOT NULL;
ALTER TABLE {s}.records ADD COLUMN pruned boolean NOT NULL DEFAULT false;
ALTER TABLE {s}.records ADD CONSTRAINT records_pruned_has_no_body CHECK (pruned = (body IS NULL));
CREATE OR REPLACE VIEW {s}.trendpacks AS
  SELECT run_id, tick, path, convert_from(body, 'UTF8')::jsonb AS doc
  FROM {s}.records WHERE schema_name LIKE 'TrendPack.%' AND NOT pruned;
`,
  },
];

/** The newest schema version this package knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Some distinct number for this package's advisory lock on schema changes. */
const MIGRATION_LOCK = 0x61627278; // "abrx"

/** The code of the `PostgresStoreError` refusing a schema from a newer version. */
export const SCHEMA_NEWER = 'SCHEMA_NEWER';

/** The schema's version, or null when it has none yet (read only: nothing is created). */
export async function readSchemaVersion(client: PoolClient, schema: string): Promise<number | null> {
  const table = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`"${schema}".schema_version`]);
  if (table.rows[0]?.t == null) return null;
  const rows = (await client.query<{ version: number }>(`SELECT version FROM "${schema}".schema_version`)).rows;
  return rows[0]?.version ?? null;
}

/**
 * Brings `schema` to `SCHEMA_VERSION` in one transaction (a no-op when it is there already) and
 * returns the version it found (0: none).
 */
export async function migrate(fn: string, client: PoolClient, schema: string): Promise<number> {
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
        SCHEMA_NEWER,
      );
    }
    for (const m of MIGRATIONS) if (m.version > current) await client.query(q(m.sql));
    if (rows.length === 0) await client.query(q('INSERT INTO {s}.schema_version (version) VALUES ($1)'), [SCHEMA_VERSION]);
    else if (current < SCHEMA_VERSION) await client.query(q('UPDATE {s}.schema_version SET version = $1'), [SCHEMA_VERSION]);
    await client.query('COMMIT');
    return current;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
