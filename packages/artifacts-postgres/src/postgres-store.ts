/**
 * `PostgresStore`: the storage contract on a PostgreSQL server, the ledger many writers on many
 * hosts share. A batch is one statement (the schema's `write_batch` function, atomic by itself)
 * that first locks its run's row (`SELECT … FOR UPDATE`), so batches of one run are serialised and
 * batches of different runs are not; `(run_id, path)` is the primary key, so no path is ever listed
 * twice. Every read is one statement, so it sees whole batches only. The query API over the
 * dashboards' views runs the queries of queries.ts.
 * Owns: the SQL of writes and reads, connections and retries. Must not: define the schema
 * (migrations.ts), the views' queries (queries.ts) or validate records itself (`prepareBatch` does
 * on write, `parseStoredRecord` on read).
 */
import {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactError,
  ArtifactNotFoundError,
  ArtifactValidationError,
  checkSealedBytes,
  isValidRunId,
  prepareBatch,
  requireLatestQuery,
  requireRecordAddress,
  requireVerifyOptions,
  requireRecordRange,
  parseStoredRecord,
  runManifestOf,
  RUN_ID_RULE,
  verifyStoredRecords,
  type ArtifactStore,
  type BatchResult,
  type LatestRecordQuery,
  type ManifestRecord,
  type PruneResult,
  type RecordOrder,
  type RecordRange,
  type RunManifest,
  type SealedRecord,
  type StoreWrite,
  type VerifyOptions,
  type VerifyResult,
} from '@abraxas/artifacts';
import pg from 'pg';
import { errorCode, isConnectionFailure, PostgresStoreError } from './errors.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION } from './migrations.js';
import {
  budgetSpentQuery,
  runSummaryQuery,
  tickProblemsQuery,
  tickStatusQuery,
  type BudgetSpentFilter,
  type BudgetSpentRow,
  type Query,
  type RunSummary,
  type TickProblemsFilter,
  type TickProblemsRow,
  type TickStatusFilter,
  type TickStatusRow,
} from './queries.js';
import { describeServer, resolveOptions, type PostgresStoreOptions, type ResolvedOptions } from './options.js';

const ORDERS: readonly unknown[] = ['manifest', 'commit'];
/** Records per page of `iterateRecords` (a page ends at a tick's end, so it may hold a few more). */
const PAGE_RECORDS = 1000;

interface RecordRow {
  readonly path: string;
  /** A bigint column: pg hands it out as text. */
  readonly tick: string;
  readonly kind: string;
  readonly schema_name: string;
  readonly sha256: string;
  readonly size: number;
  readonly record_json: string;
}

interface PruneRow extends RecordRow {
  readonly pruned: boolean;
}

interface BodyRow extends RecordRow {
  /** Null once the record was pruned. */
  readonly body: Buffer | null;
}

const ignore = (): void => undefined;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** The PostgreSQL backend of `ArtifactStore`; see the package README for the schema and the views. */
export class PostgresStore implements ArtifactStore {
  /** The schema holding the store's tables and views. */
  readonly schema: string;
  private readonly options: ResolvedOptions;
  private readonly pool: pg.Pool;
  private migrated = false;
  private closed = false;

  constructor(options: PostgresStoreOptions) {
    this.options = resolveOptions(options);
    this.schema = this.options.schema;
    this.pool = new pg.Pool({ connectionString: this.options.connectionString, max: this.options.maxConnections, connectionTimeoutMillis: 5_000 });
    // An idle connection the server dropped: the pool discards it and the next call connects anew.
    this.pool.on('error', ignore);
  }

  async writeBatch(items: readonly StoreWrite[]): Promise<BatchResult> {
    const fn = 'PostgresStore.writeBatch';
    this.requireOpen(fn);
    const batch = prepareBatch(fn, items);
    const { runId } = batch;
    const r = batch.records;
    const conflicts = await this.withClient(fn, 'nothing of the batch was written', async (c) => {
      const result = await c.query<{ conflict_path: string; listed_json: string }>(
        this.sql('SELECT conflict_path, listed_json FROM {s}.write_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)'),
        [
          runId,
          r.map((p) => p.record.path),
          r.map((p) => p.record.tick),
          r.map((p) => p.record.kind),
          r.map((p) => p.record.schema),
          r.map((p) => p.record.sha256),
          r.map((p) => p.record.bytes),
          r.map((p) => p.recordJson),
          r.map((p) => Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength)),
        ],
      );
      return result.rows;
    });
    const first = conflicts[0];
    if (first !== undefined) {
      const wanted = r.find((p) => p.record.path === first.conflict_path);
      const listed = parseStoredRecord(fn, runId, first.conflict_path, first.listed_json);
      throw new ArtifactConflictError(fn, first.conflict_path, wanted === undefined ? 'nothing was changed' : conflictDetail(listed, wanted.record));
    }
    const sorted = runManifestOf(fn, runId, batch.records.map((p) => p.record)).manifest.records;
    return new Map(sorted.map((r) => [r.path, r]));
  }

  async readRecord(runId: string, relPath: string): Promise<SealedRecord> {
    const fn = 'PostgresStore.readRecord';
    this.requireOpen(fn);
    requireRecordAddress(fn, runId, relPath);
    const rows = await this.withClient(fn, 'nothing was read', async (c) => {
      const found = await c.query<BodyRow>(this.sql('SELECT path, tick, kind, schema_name, sha256, size, record_json, body FROM {s}.records WHERE run_id = $1 AND path = $2'), [runId, relPath]);
      if (found.rows.length > 0) return found.rows;
      const run = await c.query(this.sql('SELECT 1 FROM {s}.runs WHERE run_id = $1 AND records > 0'), [runId]);
      if (run.rows.length === 0) throw notFound(fn, runId);
      throw new ArtifactNotFoundError(fn, 'relPath', `${JSON.stringify(relPath)} is not listed in run ${JSON.stringify(runId)}`);
    });
    const row = rows[0] as BodyRow;
    if (row.body === null) {
      throw new ArtifactNotFoundError(fn, 'relPath', `${JSON.stringify(relPath)} was pruned from run ${JSON.stringify(runId)} (it stays listed, with its SHA-256)`);
    }
    return checkSealedBytes(fn, recordOfRow(fn, runId, row), new Uint8Array(row.body));
  }

  /**
   * The last record of `query.kind` (below `query.beforeTick`) in manifest order, found by one
   * indexed query rather than by listing the run; its bytes checked like `readRecord`'s.
   */
  async latestRecord(runId: string, query: LatestRecordQuery): Promise<SealedRecord | null> {
    const fn = 'PostgresStore.latestRecord';
    this.requireOpen(fn);
    requireLatestQuery(fn, runId, query);
    const rows = await this.withClient(fn, 'nothing was read', async (c) => {
      const run = await c.query(this.sql('SELECT 1 FROM {s}.runs WHERE run_id = $1 AND records > 0'), [runId]);
      if (run.rows.length === 0) throw notFound(fn, runId);
      // Manifest order is (tick, kind, schema, path), text by code point: COLLATE "C" compares UTF-8 bytes, which is the same order.
      return (
        await c.query<BodyRow>(
          this.sql(
            'SELECT path, tick, kind, schema_name, sha256, size, record_json, body FROM {s}.records WHERE run_id = $1 AND kind = $2 AND ($3::bigint IS NULL OR tick < $3) ' +
              'ORDER BY tick DESC, schema_name COLLATE "C" DESC, path COLLATE "C" DESC LIMIT 1',
          ),
          [runId, query.kind, query.beforeTick ?? null],
        )
      ).rows;
    });
    const row = rows[0];
    if (row === undefined) return null;
    if (row.body === null) {
      throw new ArtifactNotFoundError(fn, 'query', `found ${JSON.stringify(row.path)}, which was pruned from run ${JSON.stringify(runId)}`);
    }
    return checkSealedBytes(fn, recordOfRow(fn, runId, row), new Uint8Array(row.body));
  }

  async listRecords(runId: string, order: RecordOrder = 'manifest'): Promise<readonly ManifestRecord[]> {
    const fn = 'PostgresStore.listRecords';
    this.requireOpen(fn);
    requireRunId(fn, runId);
    if (!ORDERS.includes(order)) throw new ArtifactValidationError(fn, 'order', "must be 'manifest' or 'commit'", order);
    const records = await this.recordsOf(fn, runId);
    return order === 'commit' ? records : runManifestOf(fn, runId, records).manifest.records;
  }

  /**
   * The run's records in manifest order, a page of whole ticks at a time (about `PAGE_RECORDS`
   * records, found through the `(run_id, tick)` index). The snapshot is the run's record count at
   * the first `next()`: records are numbered in commit order (`seq`), so every page keeps to the
   * batches committed by then.
   */
  async *iterateRecords(runId: string, range?: RecordRange): AsyncGenerator<ManifestRecord, void, undefined> {
    const fn = 'PostgresStore.iterateRecords';
    this.requireOpen(fn);
    requireRecordRange(fn, runId, range);
    const snapshot = await this.withClient(fn, 'nothing was read', async (c) => {
      const run = await c.query<{ records: string }>(this.sql('SELECT records FROM {s}.runs WHERE run_id = $1 AND records > 0'), [runId]);
      const row = run.rows[0];
      if (row === undefined) throw notFound(fn, runId);
      return row.records;
    });
    const to = range?.toTick ?? null;
    let from = range?.fromTick ?? 0;
    for (;;) {
      this.requireOpen(fn);
      const page = await this.withClient(fn, 'nothing was read', async (c) => {
        const where = 'WHERE run_id = $1 AND seq < $2 AND tick >= $3 AND ($4::bigint IS NULL OR tick <= $4)';
        // The page ends with the tick of its PAGE_RECORDS-th record, or at the range's end.
        const edge = await c.query<{ tick: string }>(this.sql(`SELECT tick FROM {s}.records ${where} ORDER BY tick OFFSET $5 LIMIT 1`), [runId, snapshot, from, to, PAGE_RECORDS - 1]);
        const upTo = edge.rows[0] === undefined ? to : Number(edge.rows[0].tick);
        const rows = (
          await c.query<RecordRow>(
            this.sql(`SELECT path, tick, kind, schema_name, sha256, size, record_json FROM {s}.records ${where} ORDER BY tick, kind COLLATE "C", schema_name COLLATE "C", path COLLATE "C"`),
            [runId, snapshot, from, upTo],
          )
        ).rows;
        return { rows, last: edge.rows[0] === undefined };
      });
      let tick = from;
      for (const r of page.rows) {
        const record = recordOfRow(fn, runId, r);
        tick = record.tick;
        yield record;
      }
      if (page.last || page.rows.length === 0) return;
      from = tick + 1;
    }
  }

  async readManifest(runId: string): Promise<RunManifest> {
    const fn = 'PostgresStore.readManifest';
    this.requireOpen(fn);
    requireRunId(fn, runId);
    return runManifestOf(fn, runId, await this.recordsOf(fn, runId));
  }

  async listRuns(): Promise<readonly string[]> {
    const fn = 'PostgresStore.listRuns';
    this.requireOpen(fn);
    const rows = await this.withClient(fn, 'nothing was read', async (c) => (await c.query<{ run_id: string }>(this.sql('SELECT run_id FROM {s}.runs WHERE records > 0 ORDER BY run_id COLLATE "C"'))).rows);
    return rows.map((r) => r.run_id);
  }

  async verifyRun(runId: string, options?: VerifyOptions): Promise<VerifyResult> {
    const fn = 'PostgresStore.verifyRun';
    this.requireOpen(fn);
    requireRunId(fn, runId);
    const checked = requireVerifyOptions(fn, options);
    const rows = await this.withClient(fn, 'nothing was checked', async (c) => (await c.query<BodyRow>(this.sql('SELECT path, tick, kind, schema_name, sha256, size, record_json, body FROM {s}.records WHERE run_id = $1 ORDER BY seq'), [runId])).rows);
    return verifyStoredRecords(
      fn,
      runId,
      rows.map((r) => ({ record: recordOfRow(fn, runId, r), bytes: r.body === null ? null : new Uint8Array(r.body) })),
      new Set(rows.filter((r) => r.body === null).map((r) => r.path)),
      checked,
    );
  }

  /**
   * Prunes listed records of a run in one transaction: each row keeps its record (the manifest and
   * root do not change) and loses its bytes. An unlisted path refuses the whole call.
   */
  async pruneRecords(runId: string, relPaths: readonly string[]): Promise<PruneResult> {
    const fn = 'PostgresStore.pruneRecords';
    this.requireOpen(fn);
    requireRunId(fn, runId);
    if (!Array.isArray(relPaths) || relPaths.length === 0) throw new ArtifactValidationError(fn, 'relPaths', 'must be a non-empty array of relative paths', relPaths);
    const paths: readonly unknown[] = relPaths;
    // Every index, holes included (forEach would skip a hole and let it through).
    for (let i = 0; i < paths.length; i++) requireRecordAddress(fn, runId, paths[i], `relPaths[${String(i)}]`);
    const asked = paths as readonly string[];
    const wanted = [...new Set(asked)];
    return this.withClient(fn, 'nothing was pruned', async (c) => {
      await c.query('BEGIN');
      try {
        const run = await c.query(this.sql('SELECT 1 FROM {s}.runs WHERE run_id = $1 AND records > 0 FOR UPDATE'), [runId]);
        if (run.rows.length === 0) throw notFound(fn, runId);
        const found = await c.query<PruneRow>(
          this.sql('SELECT path, tick, kind, schema_name, sha256, size, record_json, pruned FROM {s}.records WHERE run_id = $1 AND path = ANY($2::text[])'),
          [runId, wanted],
        );
        const byPath = new Map(found.rows.map((r) => [r.path, r]));
        asked.forEach((p, i) => {
          if (!byPath.has(p)) throw new ArtifactNotFoundError(fn, `relPaths[${String(i)}]`, `${JSON.stringify(p)} is not listed in run ${JSON.stringify(runId)}`);
        });
        const fresh = wanted.filter((p) => byPath.get(p)?.pruned === false);
        if (fresh.length > 0) {
          await c.query(this.sql('UPDATE {s}.records SET body = NULL, pruned = true WHERE run_id = $1 AND path = ANY($2::text[])'), [runId, fresh]);
        }
        await c.query('COMMIT');
        return {
          pruned: fresh.map((p) => recordOfRow(fn, runId, byPath.get(p) as PruneRow)),
          already: wanted.filter((p) => byPath.get(p)?.pruned === true),
        };
      } catch (err) {
        await c.query('ROLLBACK').catch(ignore);
        throw err;
      }
    });
  }

  /** The paths of a run's pruned records. */
  async prunedPaths(runId: string): Promise<ReadonlySet<string>> {
    const fn = 'PostgresStore.prunedPaths';
    this.requireOpen(fn);
    requireRunId(fn, runId);
    const rows = await this.withClient(fn, 'nothing was read', async (c) => {
      const run = await c.query(this.sql('SELECT 1 FROM {s}.runs WHERE run_id = $1 AND records > 0'), [runId]);
      if (run.rows.length === 0) throw notFound(fn, runId);
      return (await c.query<{ path: string }>(this.sql('SELECT path FROM {s}.records WHERE run_id = $1 AND pruned ORDER BY seq'), [runId])).rows;
    });
    return new Set(rows.map((r) => r.path));
  }

  /**
   * Applies the schema's pending migrations now (they are also applied on first use) and returns
   * the version found (0: no schema yet) and the version it is at. A schema from a newer version is
   * refused, nothing changed: `PostgresStoreError` with `code` `SCHEMA_NEWER`.
   */
  async migrate(): Promise<{ readonly schema: string; readonly from: number; readonly to: number }> {
    const fn = 'PostgresStore.migrate';
    this.requireOpen(fn);
    const from = await this.withClient(fn, 'nothing was changed', (c) => migrate(fn, c, this.schema), false);
    this.migrated = true;
    return { schema: this.schema, from, to: SCHEMA_VERSION };
  }

  /** The schema's version on the server, or null when it has none yet; reads only (nothing is migrated). */
  async schemaVersion(): Promise<number | null> {
    const fn = 'PostgresStore.schemaVersion';
    this.requireOpen(fn);
    return await this.withClient(fn, 'nothing was read', (c) => readSchemaVersion(c, this.schema), false);
  }

  /** Every run with records, by run id (code-point order): counts, tick span, bytes, batches (view `run_summary`). */
  async runSummary(): Promise<readonly RunSummary[]> {
    return await this.query(runSummaryQuery());
  }

  /** A run's timeline events per tick and status, by tick then status (view `tick_status`). */
  async tickStatus(runId: string, filter?: TickStatusFilter): Promise<readonly TickStatusRow[]> {
    return await this.query(tickStatusQuery(runId, filter));
  }

  /** A run's errors and budget skips per tick, by tick (view `tick_problems`). */
  async tickProblems(runId: string, filter?: TickProblemsFilter): Promise<readonly TickProblemsRow[]> {
    return await this.query(tickProblemsQuery(runId, filter));
  }

  /** A run's budget spent per tick and lane, by tick then lane (view `budget_spent`). */
  async budgetSpent(runId: string, filter?: BudgetSpentFilter): Promise<readonly BudgetSpentRow[]> {
    return await this.query(budgetSpentQuery(runId, filter));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** `sql` with `{s}` replaced by the quoted schema name (the name's rule needs no escaping). */
  private sql(sql: string): string {
    return sql.replaceAll('{s}', `"${this.schema}"`);
  }

  private requireOpen(fn: string): void {
    if (this.closed) throw new ArtifactValidationError(fn, 'store', 'is closed; open a new PostgresStore');
  }

  /** Runs a query of queries.ts; nothing matching in a run without records is `ArtifactNotFoundError`. */
  private async query<R>(q: Query<R>): Promise<readonly R[]> {
    this.requireOpen(q.fn);
    return this.withClient(q.fn, 'nothing was read', async (c) => {
      const rows = (await c.query(this.sql(q.text), [...q.values])).rows as Record<string, unknown>[];
      if (rows.length === 0 && q.runId !== null) {
        const run = await c.query(this.sql('SELECT 1 FROM {s}.runs WHERE run_id = $1 AND records > 0'), [q.runId]);
        if (run.rows.length === 0) throw notFound(q.fn, q.runId);
      }
      return rows.map((r) => q.row(r));
    });
  }

  /** The run's records in commit order; `ArtifactNotFoundError` when it has none. */
  private async recordsOf(fn: string, runId: string): Promise<ManifestRecord[]> {
    const rows = await this.withClient(fn, 'nothing was read', async (c) => (await c.query<RecordRow>(this.sql('SELECT path, tick, kind, schema_name, sha256, size, record_json FROM {s}.records WHERE run_id = $1 ORDER BY seq'), [runId])).rows);
    if (rows.length === 0) throw notFound(fn, runId);
    return rows.map((r) => recordOfRow(fn, runId, r));
  }

  /**
   * Runs `body` on a pooled connection, the schema migrated first (unless `migrateFirst` is false). When the server cannot be
   * reached or drops the connection, the whole body is retried on a fresh connection until
   * `retryForMs` is spent (bodies are transactions or single reads, so a retry is idempotent);
   * then, or for any other server failure, a `PostgresStoreError` says what happened.
   */
  private async withClient<T>(fn: string, consequence: string, body: (c: pg.PoolClient) => Promise<T>, migrateFirst = true): Promise<T> {
    const deadline = performance.now() + this.options.retryForMs;
    let delay = 50;
    for (;;) {
      let client: pg.PoolClient | null = null;
      let broken = false;
      try {
        client = await this.pool.connect();
        // A connection that dies while checked out fails its query; its 'error' event must not crash the process.
        client.on('error', ignore);
        if (migrateFirst && !this.migrated) {
          await migrate(fn, client, this.schema);
          this.migrated = true;
        }
        return await body(client);
      } catch (err) {
        if (err instanceof ArtifactError) throw err;
        broken = isConnectionFailure(err);
        if (!broken || this.closed || performance.now() + delay > deadline) throw this.serverError(fn, consequence, err, broken);
        await sleep(delay);
        delay = Math.min(delay * 2, 1_000);
      } finally {
        client?.off('error', ignore);
        client?.release(broken);
      }
    }
  }

  private serverError(fn: string, consequence: string, err: unknown, connection: boolean): PostgresStoreError {
    const code = errorCode(err);
    const what = err instanceof Error ? err.message : String(err);
    const server = describeServer(this.options.connectionString);
    const detail = connection
      ? `the PostgreSQL server at ${server} could not be reached or dropped the connection (${what}${code === null ? '' : `, ${code}`}); ${consequence}`
      : `the PostgreSQL server at ${server} failed (${what}${code === null ? '' : `, ${code}`}); ${consequence}`;
    return new PostgresStoreError(fn, detail, code);
  }
}

function requireRunId(fn: string, runId: unknown): asserts runId is string {
  if (!isValidRunId(runId)) throw new ArtifactValidationError(fn, 'runId', RUN_ID_RULE, runId);
}

/**
 * The record a row holds, checked like a journal line, and held to the row's own columns: the
 * readers filter and order by those (`latestRecord`, `iterateRecords`), so a column edited apart
 * from `record_json` would put a record where it is not. Either is damage.
 */
function recordOfRow(fn: string, runId: string, row: RecordRow): ManifestRecord {
  const record = parseStoredRecord(fn, runId, row.path, row.record_json);
  const columns = { tick: Number(row.tick), kind: row.kind, schema: row.schema_name, sha256: row.sha256, bytes: row.size };
  for (const [field, value] of Object.entries(columns)) {
    const held = record[field as keyof typeof columns];
    if (held !== value) throw new ArtifactCorruptError(fn, row.path, `has a row whose ${field} column says ${JSON.stringify(value)} and whose record says ${JSON.stringify(held)}`);
  }
  return record;
}

function notFound(fn: string, runId: string): ArtifactNotFoundError {
  return new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no records in this store`);
}

/** Which listed fields a conflicting write would change. */
function conflictDetail(listed: ManifestRecord, wanted: ManifestRecord): string {
  const diffs: string[] = [];
  if (listed.sha256 !== wanted.sha256) {
    diffs.push(`it is sealed with sha256 ${listed.sha256} (${String(listed.bytes)} bytes) and this write has sha256 ${wanted.sha256} (${String(wanted.bytes)} bytes)`);
  }
  for (const field of ['tick', 'kind', 'schema'] as const) {
    if (listed[field] !== wanted[field]) diffs.push(`it is listed with ${field} ${JSON.stringify(listed[field])}, this write says ${JSON.stringify(wanted[field])}`);
  }
  if (diffs.length === 0) diffs.push('its extra provenance differs');
  return `${diffs.join('; ')}; nothing was changed`;
}
