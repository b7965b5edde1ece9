/**
 * The `abraxas-artifacts` command: `verify <dir> <runId> [--json] [--references <module>]`, with
 * the references the module's `RECORD_REFERENCES` rule names. Exit 0 intact, 1 problems, 2 usage
 * errors or a run the folder does not hold (one line on stderr, through `@abraxas/cli`).
 * `prune <dir> <runId> --kinds k,… --keep-last-ticks N | --max-bytes N` applies kind-agnostic
 * retention (`pruneTicks`) to the kinds named: exit 0 done, 2 as above.
 * Owns: argument parsing and the report's wording. Must not: verify anything itself.
 */
import { countArg, EXIT_USAGE, newProgram, parseCommand, runMain } from '@abraxas/cli';
import { InvalidArgumentError, Option } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArtifactValidationError } from './errors.js';
import { asArtifactError } from './fs-errors.js';
import { requireVerifyOptions, type ReferenceRule } from './references.js';
import { manifestRelPath } from './layout.js';
import { FileStore } from './store/file-store.js';
import { pruneTicks } from './store/prune-ticks.js';
import { isValidKind, KIND_RULE } from './validate.js';
import { packageVersion } from './version.js';
import { verifyRun, type VerifyResult } from './verify.js';

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;

/** True when `dir` is a folder. */
function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function report(dir: string, runId: string, result: VerifyResult, references: string | undefined): string {
  const lines = [
    `run ${runId} in ${dir}`,
    `  checked    ${String(result.checked)} listed artifact${result.checked === 1 ? '' : 's'}`,
    `  root hash  ${result.root_hash}`,
    references === undefined
      ? '  references not checked (--references <module> checks them; @abraxas/runtime for its RunIndexes)'
      : `  references checked by the rule of ${references}`,
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

/**
 * The `--kinds` option's parser: comma-separated record kinds, each valid and named once. Anything
 * else is a usage error naming the option and the value given, in the command's own terms.
 */
function kindsArg(value: string): string[] {
  const kinds = value.split(',');
  const seen = new Set<string>();
  for (const kind of kinds) {
    if (!isValidKind(kind)) throw new InvalidArgumentError(`--kinds must be record kinds separated by ',', each ${KIND_RULE}; got ${JSON.stringify(kind)} in ${JSON.stringify(value)}`);
    if (seen.has(kind)) throw new InvalidArgumentError(`--kinds must not name a kind twice; got ${JSON.stringify(kind)} twice in ${JSON.stringify(value)}`);
    seen.add(kind);
  }
  return kinds;
}

/**
 * The reference rule `RECORD_REFERENCES` of the module `spec`: a path (relative to the working
 * folder) or a package name resolved from the working folder.
 */
async function loadReferences(spec: string): Promise<ReferenceRule> {
  const fn = 'abraxas-artifacts verify';
  const cwd = process.cwd();
  let file: string;
  try {
    file = spec.startsWith('.') || isAbsolute(spec) ? resolve(cwd, spec) : createRequire(join(cwd, 'package.json')).resolve(spec);
  } catch {
    throw new ArtifactValidationError(fn, '--references', `must name a module that can be found from ${cwd}`, spec);
  }
  let mod: { RECORD_REFERENCES?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { RECORD_REFERENCES?: unknown };
  } catch (err) {
    // A missing or failing module is the option's fault, never a file of the artifacts folder.
    throw new ArtifactValidationError(fn, '--references', `must name a module that loads (${file}: ${err instanceof Error ? err.message : String(err)})`, spec);
  }
  if (mod.RECORD_REFERENCES === undefined) throw new ArtifactValidationError(fn, '--references', 'must name a module that exports RECORD_REFERENCES', spec);
  const rule = requireVerifyOptions(fn, { references: mod.RECORD_REFERENCES }).references;
  if (rule === undefined) throw new ArtifactValidationError(fn, '--references', 'must name a module that exports RECORD_REFERENCES', spec);
  return rule;
}

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = newProgram('abraxas-artifacts', 'Check Abraxas ERS artifact folders against their provenance ledger.', packageVersion());
  program
    .command('verify')
    .description('re-hash every artifact of a run and report missing, tampered, wrong-size and unlisted files, and bad references with --references')
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to verify')
    .option('--json', 'print the result as JSON')
    .option('--references <module>', 'also check the references named by the RECORD_REFERENCES rule of this module (@abraxas/runtime: RunIndex references)')
    .action(async (dir: string, runId: string, opts: { json?: boolean; references?: string }) => {
      if (!isFolder(dir)) {
        process.stderr.write(`abraxas-artifacts verify: ${dir} is not a folder\n`);
        exitCode = EXIT_USAGE;
        return;
      }
      const references = opts.references === undefined ? undefined : await loadReferences(opts.references);
      const result = await verifyRun(dir, runId, references === undefined ? {} : { references });
      if (noSuchRun(runId, result)) {
        const runs = runsIn(dir);
        process.stderr.write(
          `abraxas-artifacts verify: ${dir} holds no run ${runId} (no ${manifestRelPath(runId)}); ` +
            `${runs.length === 0 ? 'it holds no runs' : `its runs: ${runs.join(', ')}`}\n`,
        );
        exitCode = EXIT_USAGE;
        return;
      }
      process.stdout.write(opts.json === true ? `${JSON.stringify(result, null, 2)}\n` : report(dir, runId, result, opts.references));
      exitCode = result.ok ? EXIT_OK : EXIT_PROBLEMS;
    });
  program
    .command('prune')
    .description(
      "delete the records of the named kinds of a run's oldest ticks, keeping each listed with a tombstone (the root does not change); other kinds are never touched",
    )
    .argument('<dir>', 'the artifacts folder')
    .argument('<runId>', 'the run to prune')
    .addOption(
      new Option('--kinds <kinds>', "the record kinds that may be pruned, comma-separated (a run's per-tick artifacts, e.g. trendpack,runindex,results)")
        .makeOptionMandatory()
        .argParser(kindsArg),
    )
    .addOption(new Option('--keep-last-ticks <n>', 'keep the last n ticks').argParser(countArg('--keep-last-ticks')))
    .addOption(new Option('--max-bytes <n>', 'prune the oldest ticks until the rest take at most n bytes').argParser(countArg('--max-bytes')))
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, runId: string, opts: { kinds: string[]; keepLastTicks?: number; maxBytes?: number; json?: boolean }) => {
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
          kinds: opts.kinds,
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
  const parsed = await parseCommand('abraxas-artifacts', program, argv, { shown: (err) => asArtifactError(argv[0] === 'prune' ? 'pruneTicks' : 'verifyRun', err) });
  return parsed ?? exitCode;
}

runMain('abraxas-artifacts', main);
