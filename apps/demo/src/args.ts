/**
 * The demo's command line: options, their defaults and checks, the npm-style leading `--` that
 * `pnpm demo -- --out DIR` passes through, and where a relative `--out` resolves.
 * Owns: argument parsing. Must not: run the demo.
 */
import { isValidRunId, RUN_ID_RULE } from '@abraxas/artifacts';
import { Command, InvalidArgumentError } from 'commander';
import { isAbsolute, resolve } from 'node:path';
import { packageVersion } from './version.js';

export interface CliOptions {
  /** Absolute path of the artifacts folder. */
  readonly out: string;
  readonly ticks: number;
  /** The tick whose sealed results are shown (null: the last). */
  readonly showTick: number | null;
  readonly seed: number;
  readonly runId: string;
  readonly mode: string;
  /** Plain lines even on a terminal. */
  readonly plain: boolean;
  readonly fsync: boolean;
}

export const MAX_TICKS = 10_000;

function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

function runId(value: string): string {
  if (!isValidRunId(value)) throw new InvalidArgumentError(`${RUN_ID_RULE}.`);
  return value;
}

function mode(value: string): string {
  if (value.length === 0) throw new InvalidArgumentError('must be a non-empty string.');
  return value;
}

export function buildProgram(): Command {
  return new Command()
    .name('abraxas-demo')
    .description('Runs a sample Abraxas pipeline over generated input, verifies the run and writes an HTML report.')
    .version(packageVersion())
    .option('--out <dir>', 'artifacts folder; the report is written there as report.html', './out')
    .option('--ticks <n>', `ticks to run (1-${MAX_TICKS})`, integer(1, MAX_TICKS), 24)
    .option('--show-tick <n>', 'the tick whose sealed results the summary and report show (default: the last)', integer(0, MAX_TICKS - 1))
    .option('--seed <n>', 'seed of the generated input', integer(0, 0xffffffff), 7)
    .option('--run-id <id>', 'run id', runId, 'demo')
    .option('--mode <mode>', 'mode recorded in the provenance', mode, 'demo')
    .option('--plain', 'plain progress lines even on an interactive terminal', false)
    .option('--no-fsync', 'do not fsync each write (faster; survives a crash of the process, not of the machine)')
    .allowExcessArguments(false)
    .showHelpAfterError('(run with --help for usage)');
}

/** The user's arguments without the leading `--` that npm-style `pnpm demo -- --out DIR` passes on. */
export function userArgs(argv: readonly string[]): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv];
}

/**
 * The folder relative paths resolve against: where the user invoked `pnpm demo` (pnpm runs root
 * scripts in the repo root and records the invoking folder in INIT_CWD), else the working folder.
 */
export function baseDir(env: NodeJS.ProcessEnv, cwd: string): string {
  const init = env.INIT_CWD;
  return env.npm_lifecycle_event === 'demo' && init !== undefined && isAbsolute(init) ? init : cwd;
}

/** Parses the user's arguments (throws commander's errors; the CLI maps them to exit codes). */
export function parseArgs(program: Command, argv: readonly string[], base: string): CliOptions {
  program.parse(userArgs(argv), { from: 'user' });
  const o = program.opts<{ out: string; ticks: number; showTick?: number; seed: number; runId: string; mode: string; plain: boolean; fsync: boolean }>();
  if (o.showTick !== undefined && o.showTick >= o.ticks) {
    throw new InvalidArgumentError(`--show-tick must be one of the ticks run (0 to ${String(o.ticks - 1)}); got ${String(o.showTick)}`);
  }
  return { out: resolve(base, o.out), ticks: o.ticks, showTick: o.showTick ?? null, seed: o.seed, runId: o.runId, mode: o.mode, plain: o.plain, fsync: o.fsync };
}
