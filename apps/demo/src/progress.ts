/**
 * Progress output while the demo runs: a live bar (cli-progress) when the output is an interactive
 * terminal, otherwise one plain line per tick that logs and pipes read well.
 * Owns: progress rendering. Must not: decide when the output is a terminal (the CLI does).
 */
import type { TickResult } from '@abraxas/runtime';
import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

export interface Progress {
  update(result: TickResult, done: number, total: number): void;
  stop(): void;
}

/** Counts of a tick's statuses, which tasks were skipped or failed, and which metrics changed stage. */
function tally(result: TickResult): { errors: string[]; skips: string[]; moves: string[] } {
  const errors: string[] = [];
  const skips: string[] = [];
  for (const r of Object.values(result.results)) {
    if (r.status === 'error') errors.push(r.name);
    if (r.status === 'skipped_budget') skips.push(r.name);
  }
  const moves = (result.promotion?.record.metrics ?? [])
    .filter((m) => m.decision !== 'hold')
    .map((m) => `${m.decision === 'promote' ? 'promoted' : 'demoted'} ${m.metric} → ${m.state.stage}`);
  return { errors, skips, moves };
}

/**
 * One line per tick, e.g. `tick 5/24  forecast 20/50 ops  shadow 14/20 ops  skipped oracle:overlay`,
 * or `… promoted volatility → canary` on a tick that moved a metric.
 */
export function plainProgress(out: Writable, budgets: { forecast: number; shadow: number }): Progress {
  const width = (n: number): number => String(n).length;
  return {
    update(result, done, total) {
      const { errors, skips, moves } = tally(result);
      const spentF = budgets.forecast - result.remaining.forecast.ops;
      const spentS = budgets.shadow - result.remaining.shadow.ops;
      const notes = [
        ...(errors.length > 0 ? [`error ${errors.join(', ')}`] : []),
        ...(skips.length > 0 ? [`skipped ${skips.join(', ')}`] : []),
        ...moves,
      ];
      const tick = String(result.tick).padStart(width(total - 1));
      out.write(
        `tick ${tick} (${String(done).padStart(width(total))}/${total})  forecast ${spentF}/${budgets.forecast} ops  shadow ${spentS}/${budgets.shadow} ops` +
          `${notes.length > 0 ? `  ${notes.join('; ')}` : ''}\n`,
      );
    },
    stop() {
      // Nothing to clean up.
    },
  };
}

/** A live bar on an interactive terminal. */
export function barProgress(out: Writable, total: number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: out,
      format: 'ticks {bar} {value}/{total} | errors {errors} | skips {skips}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let errors = 0;
  let skips = 0;
  bar.start(total, 0, { errors, skips });
  return {
    update(result, done) {
      const t = tally(result);
      errors += t.errors.length;
      skips += t.skips.length;
      bar.update(done, { errors, skips });
    },
    stop() {
      bar.stop();
    },
  };
}
