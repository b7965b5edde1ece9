/**
 * `abraxas-demo` (`pnpm demo`): parses the command line, runs the demo with a progress bar on an
 * interactive terminal (plain lines otherwise), and prints the summary.
 * Exit codes: 0 the run completed and verified; 1 the run failed or did not verify; 2 bad usage.
 * Owns: the process boundary (argv, stdout/stderr, exit code). Must not: hold demo logic.
 */
import { ArtifactConflictError } from '@abraxas/artifacts';
import { REFERENCE_COSTS } from '@abraxas/runtime';
import { CommanderError } from 'commander';
import { baseDir, buildProgram, parseArgs, type CliOptions } from './args.js';
import { runDemo } from './demo.js';
import { DemoRunExistsError } from './errors.js';
import { barProgress, plainProgress, type Progress } from './progress.js';
import { displayPath, formatSummary } from './summary.js';

async function main(): Promise<number> {
  // A closed pipe (`pnpm demo | head`) must not abort the run: the artifacts still get written.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const program = buildProgram().exitOverride();
  let options: CliOptions;
  try {
    options = parseArgs(program, process.argv.slice(2), baseDir(process.env, process.cwd()));
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }

  const tty = process.stdout.isTTY && !options.plain;
  const base = baseDir(process.env, process.cwd());
  process.stdout.write(
    `Running ${options.ticks} ticks of run ${options.runId} into ${displayPath(options.out, base)}\n`,
  );
  let progress: Progress | null = null;
  try {
    const summary = await runDemo({
      out: options.out,
      ticks: options.ticks,
      ...(options.showTick === null ? {} : { showTick: options.showTick }),
      seed: options.seed,
      runId: options.runId,
      mode: options.mode,
      fsync: options.fsync,
      onTick: (r, done, total) => {
        progress ??= tty
          ? barProgress(process.stdout, total)
          : plainProgress(process.stdout, { forecast: REFERENCE_COSTS.budgetForecast.ops, shadow: REFERENCE_COSTS.budgetShadow.ops });
        progress.update(r, done, total);
      },
    });
    (progress as Progress | null)?.stop();
    process.stdout.write(`\n${formatSummary(summary, base)}`);
    return summary.verify.ok ? 0 : 1;
  } catch (err) {
    (progress as Progress | null)?.stop();
    if (err instanceof DemoRunExistsError) {
      process.stderr.write(
        `abraxas-demo: ${displayPath(options.out, base)} already holds run ${err.runId} with ${err.held} ticks (0–${err.held - 1}), ` +
          `more than --ticks ${err.requested}; nothing was written. Run it with --ticks ${err.held} (or more, to continue it), ` +
          `or use another --out or --run-id.\n`,
      );
      return 1;
    }
    if (err instanceof ArtifactConflictError) {
      process.stderr.write(
        `abraxas-demo: ${displayPath(options.out, base)} already holds run ${options.runId} with different results ` +
          `(another --seed or --mode?). Use another --out or --run-id.\n${err.message}\n`,
      );
      return 1;
    }
    process.stderr.write(`abraxas-demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main();
