/**
 * The `abraxas-run` command: `runs <dir>`, `export <dir> <runId>` (per-tick statistics as NDJSON or
 * CSV, one tick at a time) and `prune <dir> <runId>`. Exit 0 done, 1 a record that does not match its
 * seal, 2 usage errors or a run the folder does not hold (one line on stderr, through `@abraxas/cli`).
 * Owns: argument parsing and output. Must not: read records itself.
 */
import { countArg, EXIT_USAGE, newProgram, parseCommand, runMain } from '@abraxas/cli';
import { Option } from 'commander';
import { RunIndexCorruptError, TrendPackCorruptError } from './errors.js';
import { listRuns } from './lifecycle/list-runs.js';
import { pruneRun } from './lifecycle/prune-run.js';
import { csvHeader, csvLine, ndjsonLine, tickStats } from './lifecycle/tick-stats.js';

const EXIT_OK = 0;
const EXIT_CORRUPT = 1;

/** Writes `text`, waiting when stdout's buffer is full (a 100,000-tick export into a slow pipe stays small in memory). */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => { resolve(); }));
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = newProgram('abraxas-run', 'List the runs of an Abraxas ERS artifacts folder and export their per-tick statistics.');
  program
    .command('runs')
    .description('list the runs a folder holds: id, ticks, first and last tick, records and bytes')
    .argument('<dir>', 'the artifacts folder')
    .option('--json', 'print one JSON line per run')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const runs = await listRuns({ artifactsDir: dir });
      if (opts.json === true) {
        for (const r of runs) await write(`${JSON.stringify(r)}\n`);
        return;
      }
      await write('run_id\tticks\tfirst_tick\tlast_tick\trecords\tbytes\n');
      for (const r of runs) await write(`${r.run_id}\t${String(r.ticks)}\t${String(r.first_tick)}\t${String(r.last_tick)}\t${String(r.records)}\t${String(r.bytes)}\n`);
    });
  program
    .command('export')
    .description("write a run's per-tick statistics (event counts, errors, skips, budget spent per lane) to stdout")
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to export')
    .addOption(new Option('--format <format>', 'ndjson or csv').choices(['ndjson', 'csv']).default('ndjson'))
    .addOption(new Option('--from <tick>', 'first tick (inclusive)').argParser(countArg('--from')))
    .addOption(new Option('--to <tick>', 'last tick (inclusive)').argParser(countArg('--to')))
    .action(async (dir: string, runId: string, opts: { format: 'ndjson' | 'csv'; from?: number; to?: number }) => {
      const rows = tickStats({
        artifactsDir: dir,
        runId,
        ...(opts.from === undefined ? {} : { fromTick: opts.from }),
        ...(opts.to === undefined ? {} : { toTick: opts.to }),
      });
      if (opts.format === 'csv') await write(csvHeader());
      for await (const row of rows) await write(opts.format === 'csv' ? csvLine(row) : ndjsonLine(row));
    });
  program
    .command('prune')
    .description("delete the oldest ticks' TrendPacks, RunIndexes and ResultsPacks of a run, keeping each listed with a tombstone (the root does not change)")
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to prune')
    .addOption(new Option('--keep-last-ticks <n>', 'keep the last n ticks').argParser(countArg('--keep-last-ticks')))
    .addOption(new Option('--max-bytes <n>', 'prune the oldest ticks until the rest take at most n bytes').argParser(countArg('--max-bytes')))
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, runId: string, opts: { keepLastTicks?: number; maxBytes?: number; json?: boolean }) => {
      if (opts.keepLastTicks === undefined && opts.maxBytes === undefined) {
        process.stderr.write('abraxas-run prune: give --keep-last-ticks, --max-bytes or both\n');
        exitCode = EXIT_USAGE;
        return;
      }
      const r = await pruneRun({
        artifactsDir: dir,
        runId,
        ...(opts.keepLastTicks === undefined ? {} : { keepLastTicks: opts.keepLastTicks }),
        ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
      });
      if (opts.json === true) {
        await write(`${JSON.stringify(r)}\n`);
        return;
      }
      await write(
        `run ${r.run_id}: pruned ${String(r.pruned.paths.length)} artifacts of ${String(r.pruned.ticks.length)} ticks (${String(r.pruned.bytes)} bytes); ` +
          `kept ${String(r.kept.records)} of ${String(r.kept.ticks.length)} ticks (${String(r.kept.bytes)} bytes); root ${r.root_hash} unchanged\n`,
      );
    });
  const parsed = await parseCommand('abraxas-run', program, argv, {
    exitCodeOf: (err) => (err instanceof TrendPackCorruptError || err instanceof RunIndexCorruptError ? EXIT_CORRUPT : EXIT_USAGE),
  });
  return parsed ?? exitCode;
}

runMain('abraxas-run', main);
