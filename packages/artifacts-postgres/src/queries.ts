/**
 * The typed queries over the dashboards' views (migrations.ts): runs, a run's ticks by status,
 * errors and skips per tick, budget spent per lane and tick — each with its argument rules, its SQL
 * on the view and its rows as numbers. `PostgresStore` runs them.
 * Owns: the query API's arguments, SQL and row shapes. Must not: connect or define the views.
 */
import { ArtifactValidationError, isValidRunId, RUN_ID_RULE } from '@abraxas/artifacts';

/** One run of the ledger (view `run_summary`). */
export interface RunSummary {
  readonly run_id: string;
  /** Records listed. */
  readonly records: number;
  /** Distinct ticks with at least one record. */
  readonly ticks: number;
  readonly first_tick: number;
  readonly last_tick: number;
  /** Bytes of the records' canonical JSON. */
  readonly bytes: number;
  /** Batches committed (a tick is one batch). */
  readonly batches: number;
}

/** Which ticks: from `fromTick` to `toTick`, both inclusive (either may be left out). */
export interface TickRange {
  readonly fromTick?: number;
  readonly toTick?: number;
}

/** A task status of the TrendPack timeline. */
export type TickStatus = 'ok' | 'skipped_budget' | 'error' | 'not_computable';

/** Filter of `tickStatus`: a range, and only the rows of one status. */
export interface TickStatusFilter extends TickRange {
  readonly status?: TickStatus;
}

/** Events of one status in one tick's timeline (view `tick_status`). */
export interface TickStatusRow {
  readonly tick: number;
  readonly status: string;
  readonly events: number;
}

/** Filter of `tickProblems`: a range, and only ticks with errors, with skips, or with either. */
export interface TickProblemsFilter extends TickRange {
  readonly only?: 'errors' | 'skips' | 'errors_or_skips';
}

/** A tick's errors and budget skips (view `tick_problems`). */
export interface TickProblemsRow {
  readonly tick: number;
  readonly errors: number;
  readonly skipped: number;
}

/** Filter of `budgetSpent`: a range, and only one lane. */
export interface BudgetSpentFilter extends TickRange {
  readonly lane?: 'forecast' | 'shadow';
}

/** Budget one lane spent in one tick (view `budget_spent`). */
export interface BudgetSpentRow {
  readonly tick: number;
  readonly lane: string;
  readonly spent_ops: number;
  readonly spent_entropy: number;
}

/** A query ready to run: its SQL (`{s}`: the schema), values, row mapping and the run it is about. */
export interface Query<R> {
  readonly fn: string;
  /** The run whose absence is an `ArtifactNotFoundError` when nothing matches (null: none). */
  readonly runId: string | null;
  readonly text: string;
  readonly values: readonly unknown[];
  row(r: Readonly<Record<string, unknown>>): R;
}

const STATUSES: readonly string[] = ['ok', 'skipped_budget', 'error', 'not_computable'];
const ONLY: readonly string[] = ['errors', 'skips', 'errors_or_skips'];
const LANES: readonly string[] = ['forecast', 'shadow'];

const num = (v: unknown): number => Number(v);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function requireRun(fn: string, runId: unknown): asserts runId is string {
  if (!isValidRunId(runId)) throw new ArtifactValidationError(fn, 'runId', RUN_ID_RULE, runId);
}

function optionalTick(fn: string, field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ArtifactValidationError(fn, `filter.${field}`, 'must be a non-negative safe integer', v);
  return v;
}

function oneOf(fn: string, field: string, v: unknown, allowed: readonly string[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v)) throw new ArtifactValidationError(fn, `filter.${field}`, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  return v;
}

/**
 * The filter's keys checked (a plain object of `keys` only) and its range's conditions with their
 * values, numbered from `$2` (`$1` is the run).
 */
function rangeOf(fn: string, filter: unknown, keys: readonly string[]): { where: string[]; values: unknown[]; filter: Record<string, unknown> } {
  if (filter === undefined) return { where: [], values: [], filter: {} };
  if (!isPlainObject(filter)) throw new ArtifactValidationError(fn, 'filter', 'must be a plain object', filter);
  for (const k of Object.keys(filter)) {
    if (!keys.includes(k)) throw new ArtifactValidationError(fn, `filter.${k}`, `is not an option; the options are ${keys.join(', ')}`);
  }
  const from = optionalTick(fn, 'fromTick', filter.fromTick);
  const to = optionalTick(fn, 'toTick', filter.toTick);
  if (from !== undefined && to !== undefined && from > to) throw new ArtifactValidationError(fn, 'filter.toTick', `must be at least fromTick (${String(from)})`, to);
  const where: string[] = [];
  const values: unknown[] = [];
  if (from !== undefined) {
    values.push(from);
    where.push(`tick >= $${String(values.length + 1)}`);
  }
  if (to !== undefined) {
    values.push(to);
    where.push(`tick <= $${String(values.length + 1)}`);
  }
  return { where, values, filter };
}

const and = (where: readonly string[]): string => where.map((w) => ` AND ${w}`).join('');

/** Every run with its counts, by run id in code-point order. */
export function runSummaryQuery(): Query<RunSummary> {
  return {
    fn: 'PostgresStore.runSummary',
    runId: null,
    text: 'SELECT run_id, records, ticks, first_tick, last_tick, bytes, batches FROM {s}.run_summary ORDER BY run_id COLLATE "C"',
    values: [],
    row: (r) => ({
      run_id: String(r.run_id),
      records: num(r.records),
      ticks: num(r.ticks),
      first_tick: num(r.first_tick),
      last_tick: num(r.last_tick),
      bytes: num(r.bytes),
      batches: num(r.batches),
    }),
  };
}

/** A run's events per tick and status, by tick then status. */
export function tickStatusQuery(runId: unknown, filter?: unknown): Query<TickStatusRow> {
  const fn = 'PostgresStore.tickStatus';
  requireRun(fn, runId);
  const range = rangeOf(fn, filter, ['fromTick', 'toTick', 'status']);
  const status = oneOf(fn, 'status', range.filter.status, STATUSES);
  const where = [...range.where];
  const values = [runId, ...range.values];
  if (status !== undefined) {
    values.push(status);
    where.push(`status = $${String(values.length)}`);
  }
  return {
    fn,
    runId,
    text: `SELECT tick, status, events FROM {s}.tick_status WHERE run_id = $1${and(where)} ORDER BY tick, status COLLATE "C"`,
    values,
    row: (r) => ({ tick: num(r.tick), status: String(r.status), events: num(r.events) }),
  };
}

/** A run's errors and skips per tick, by tick. */
export function tickProblemsQuery(runId: unknown, filter?: unknown): Query<TickProblemsRow> {
  const fn = 'PostgresStore.tickProblems';
  requireRun(fn, runId);
  const range = rangeOf(fn, filter, ['fromTick', 'toTick', 'only']);
  const only = oneOf(fn, 'only', range.filter.only, ONLY);
  const where = [...range.where];
  if (only === 'errors') where.push('errors > 0');
  if (only === 'skips') where.push('skipped > 0');
  if (only === 'errors_or_skips') where.push('(errors > 0 OR skipped > 0)');
  return {
    fn,
    runId,
    text: `SELECT tick, errors, skipped FROM {s}.tick_problems WHERE run_id = $1${and(where)} ORDER BY tick`,
    values: [runId, ...range.values],
    row: (r) => ({ tick: num(r.tick), errors: num(r.errors), skipped: num(r.skipped) }),
  };
}

/** A run's budget spent per tick and lane, by tick then lane. */
export function budgetSpentQuery(runId: unknown, filter?: unknown): Query<BudgetSpentRow> {
  const fn = 'PostgresStore.budgetSpent';
  requireRun(fn, runId);
  const range = rangeOf(fn, filter, ['fromTick', 'toTick', 'lane']);
  const lane = oneOf(fn, 'lane', range.filter.lane, LANES);
  const where = [...range.where];
  const values = [runId, ...range.values];
  if (lane !== undefined) {
    values.push(lane);
    where.push(`lane = $${String(values.length)}`);
  }
  return {
    fn,
    runId,
    text: `SELECT tick, lane, spent_ops, spent_entropy FROM {s}.budget_spent WHERE run_id = $1${and(where)} ORDER BY tick, lane COLLATE "C"`,
    values,
    row: (r) => ({ tick: num(r.tick), lane: String(r.lane), spent_ops: num(r.spent_ops), spent_entropy: num(r.spent_entropy) }),
  };
}
