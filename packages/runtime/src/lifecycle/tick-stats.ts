/**
 * A run's per-tick statistics — its TrendPack's event counts and each lane's spent budget — as
 * rows read one tick at a time, and their NDJSON and CSV text (a header line, then one line per
 * tick; numbers as JSON numbers, text CSV-quoted when it must be).
 * Owns: the statistics row and its two text forms. Must not: write files.
 */
import { canonicalJson } from '@abraxas/ers';
import { iterateTicks, type IterateTicksOptions } from '../trendpack-read.js';

/** One tick's statistics (snake_case, as exported). */
export interface TickStatsRow {
  readonly run_id: string;
  readonly tick: number;
  readonly mode: string;
  readonly total_events: number;
  readonly forecast_events: number;
  readonly shadow_events: number;
  readonly ok_events: number;
  readonly errors: number;
  readonly skipped: number;
  readonly forecast_spent_ops: number;
  readonly forecast_spent_entropy: number;
  readonly shadow_spent_ops: number;
  readonly shadow_spent_entropy: number;
  readonly trendpack_sha256: string;
}

/** The columns of the CSV form, in order. */
const TICK_STATS_COLUMNS: readonly (keyof TickStatsRow)[] = [
  'run_id',
  'tick',
  'mode',
  'total_events',
  'forecast_events',
  'shadow_events',
  'ok_events',
  'errors',
  'skipped',
  'forecast_spent_ops',
  'forecast_spent_entropy',
  'shadow_spent_ops',
  'shadow_spent_entropy',
  'trendpack_sha256',
];

/** The run's ticks in ascending order as statistics rows, each from its hash-checked TrendPack. */
export async function* tickStats(options: IterateTicksOptions): AsyncGenerator<TickStatsRow, void, undefined> {
  for await (const t of iterateTicks(options)) {
    const tp = t.trendpack;
    const mode = tp.provenance.mode;
    yield {
      run_id: tp.run_id,
      tick: t.tick,
      mode: typeof mode === 'string' ? mode : '',
      total_events: tp.stats.total_events,
      forecast_events: tp.stats.forecast_events,
      shadow_events: tp.stats.shadow_events,
      ok_events: tp.stats.ok_events,
      errors: tp.stats.errors,
      skipped: tp.stats.skipped,
      forecast_spent_ops: tp.budget.forecast.spent_ops,
      forecast_spent_entropy: tp.budget.forecast.spent_entropy,
      shadow_spent_ops: tp.budget.shadow.spent_ops,
      shadow_spent_entropy: tp.budget.shadow.spent_entropy,
      trendpack_sha256: t.sha256,
    };
  }
}

/** One NDJSON line (canonical JSON, keys in code-point order, then `\n`). */
export function ndjsonLine(row: TickStatsRow): string {
  return `${canonicalJson(row)}\n`;
}

/** The CSV header line. */
export function csvHeader(): string {
  return `${TICK_STATS_COLUMNS.join(',')}\n`;
}

/** One CSV line (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
export function csvLine(row: TickStatsRow): string {
  return `${TICK_STATS_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
}

function csvField(v: string | number): string {
  if (typeof v === 'number') return String(v);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
