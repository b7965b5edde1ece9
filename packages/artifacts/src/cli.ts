/**
 * The `abraxas-artifacts` command. `verify <dir> <runId>` re-checks a run and prints a readable
 * report (or JSON with `--json`). Exit codes: 0 the run is intact, 1 problems were found, 2 usage
 * errors, a run the folder does not hold, or a run that could not be verified at all: then one line
 * on stderr, never a stack trace. `prune <dir> <runId> --kinds k,… --keep-last-ticks N | --max-bytes N`
 * applies kind-agnostic retention (`pruneTicks`) to the kinds named: exit 0 done, 2 as above.
 * Owns: argument parsing and the report's wording. Must not: verify anything itself.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asArtifactError } from './fs-errors.js';
import { manifestRelPath } from './layout.js';
import { FileStore } from './store/file-store.js';
import { pruneTicks } from './store/prune-ticks.js';
import { packageVersion } from './version.js';
import { verifyRun, type VerifyResult } from './verify.js';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

/** A commander parser of a non-negative integer option. */
function countArg(option: string): (value: string) => number {
  return (value) => {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`${option} must be a non-negative integer; got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

/** True when `dir` is a folder. */
function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function report(dir: string, runId: string, result: VerifyResult): string {
  const lines = [
    `run ${runId} in ${dir}`,
    `  checked    ${String(result.checked)} listed artifact${result.checked === 1 ? '' : 's'}`,
    `  root hash  ${result.root_hash}`,
  ];
  if (result.pruned > 0) lines.splice(2, 0, `  pruned     ${String(result.pruned)} listed artifact${result.pruned === 1 ? '' : 's'} (deleted on purpose; each keeps its tombstone)`);
  if (result.ok) {
    lines.push('  INTACT: every listed artifact is present with its recorded size and SHA-256');
  } else {
    lines.push(`  PROBLEMS: ${String(result.problems.length)}`);
    const width = Math.max(...result.problems.map((p) => p.problem.length));
    for (const p of result.problems) lines.push(`    ${p.problem.padEnd(width)}  ${p.path}: ${p.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** True when `verifyRun` found no run at all: nothing checked, and the one problem is its missing manifest. */
function noSuchRun(runId: string, result: VerifyResult): boolean {
  const only = result.problems.length === 1 ? result.problems[0] : undefined;
  return result.checked === 0 && only?.problem === 'missing' && only.path === manifestRelPath(runId);
}

/** The run ids whose manifests the folder holds, sorted (for the "no such run" message). */
function runsIn(dir: string): string[] {
  const suffix = basename(manifestRelPath('x')).slice(1);
  try {
    return readdirSync(join(dir, dirname(manifestRelPath('x'))))
      .filter((f) => f.endsWith(suffix))
      .map((f) => f.slice(0, -suffix.length))
      .sort();
  } catch {
    return [];
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('abraxas-artifacts')
    .description('Check Abraxas ERS artifact folders against their provenance ledger.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  program
    .command('verify')
    .description('re-hash every artifact of a run and report missing, tampered, wrong-size, unlisted files and bad RunIndex references')
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to verify')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, runId: string, opts: { json?: boolean }) => {
      if (!isFolder(dir)) {
        process.stderr.write(`abraxas-artifacts verify: ${dir} is not a folder\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const result = await verifyRun(dir, runId);
      if (noSuchRun(runId, result)) {
        const runs = runsIn(dir);
        process.stderr.write(
          `abraxas-artifacts verify: ${dir} holds no run ${runId} (no ${manifestRelPath(runId)}); ` +
            `${runs.length === 0 ? 'it holds no runs' : `its runs: ${runs.join(', ')}`}\n`,
        );
        exitCode = EXIT_USAGE;
        return;
      }
      process.stdout.write(opts.json === true ? `${JSON.stringify(result, null, 2)}\n` : report(dir, runId, result));
      exitCode = result.ok ? EXIT_OK : EXIT_PROBLEMS;
    });
  program
    .command('prune')
    .description(
      "delete the records of the named kinds of a run's oldest ticks, keeping each listed with a tombstone (the root does not change); other kinds are never touched",
    )
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to prune')
    .requiredOption('--kinds <kinds>', 'the record kinds that may be pruned, comma-separated (a run\'s per-tick artifacts, e.g. trendpack,runindex,results)')
    .addOption(new Option('--keep-last-ticks <n>', 'keep the last n ticks').argParser(countArg('--keep-last-ticks')))
    .addOption(new Option('--max-bytes <n>', 'prune the oldest ticks until the rest take at most n bytes').argParser(countArg('--max-bytes')))
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, runId: string, opts: { kinds: string; keepLastTicks?: number; maxBytes?: number; json?: boolean }) => {
      if (opts.keepLastTicks === undefined && opts.maxBytes === undefined) {
        process.stderr.write('abraxas-artifacts prune: give --keep-last-ticks, --max-bytes or both\n');
        exitCode = EXIT_USAGE;
        return;
      }
      if (!isFolder(dir)) {
        process.stderr.write(`abraxas-artifacts prune: ${dir} is not a folder\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const store = new FileStore(dir);
      try {
        const r = await pruneTicks(store, runId, {
          kinds: opts.kinds.split(','),
          ...(opts.keepLastTicks === undefined ? {} : { keepLastTicks: opts.keepLastTicks }),
          ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
        });
        process.stdout.write(
          opts.json === true
            ? `${JSON.stringify(r)}\n`
            : `run ${r.run_id}: pruned ${String(r.pruned.paths.length)} records of ${String(r.pruned.ticks.length)} ticks (${String(r.pruned.bytes)} bytes); ` +
                `kept ${String(r.kept.records)} of ${String(r.kept.ticks.length)} ticks (${String(r.kept.bytes)} bytes); root ${r.root_hash} unchanged\n`,
        );
      } finally {
        await store.close();
      }
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander exits 0 for --help and --version, 1 for every usage error (help shown for no command included).
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`abraxas-artifacts: ${oneLine(asArtifactError(argv[0] === 'prune' ? 'pruneTicks' : 'verifyRun', err))}\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}

/** An error as one line of text: its message only (never a stack trace), newlines folded. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`abraxas-artifacts: ${oneLine(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
