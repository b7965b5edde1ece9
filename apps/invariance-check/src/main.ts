/**
 * The command line: `invariance-check [scenarios...]` (the gate and the lock) and its subcommands
 * `window` (stabilization windows) and `runtime` (the runtime-level gate), parsed with commander.
 * Output goes to the given writers; the exit code is returned: 0 pass, 1 drift or a pin problem,
 * 2 bad usage or input (the message names the option or the file, the field and the rule).
 * A leading `--` (as `pnpm invariance -- --json` may pass) is ignored.
 * Owns: argv parsing and mapping results to output and exit codes. Must not: judge anything itself.
 */
import { canonicalJson } from '@abraxas/ers';
import { Command, CommanderError, Option } from 'commander';
import { resolve } from 'node:path';
import { runCheck } from './check-command.js';
import { REPORT_SCHEMA, type ExitCode } from './reports/check-report.js';
import { parseBudgetSpec, type BudgetVariation } from './gate/budget-spec.js';
import { InvarianceCheckError, ScenarioFileError, ScenarioRunError, SealError, UsageError, thrownMessage } from './errors.js';
import { MAX_RUNS, MAX_TICKS, MIN_RUNS } from './gate/gate-limits.js';
import { DEFAULT_RUNS, type GateMode } from './gate/gate-runner.js';
import { defaultLockPath } from './repo-paths.js';
import { canonicalScenario, loadScenarioFile } from './scenario/scenario-load.js';
import { defaultBudgets, runStabilizationWindow } from './gate/stabilization-window.js';
import { evaluateRuntimeScenario } from './runtime-gate/runtime-gate.js';
import { sealRuntimeEvaluation } from './runtime-gate/runtime-seal.js';
import { sealWindowEvaluation } from './gate/window-seal.js';
import { renderRuntimeText, runtimeReport, runtimeScenarioReport } from './runtime-gate/runtime-report.js';
import { DEFAULT_RUNTIME_SCENARIO, loadRuntimeScenario } from './runtime-gate/runtime-scenario.js';
import { renderCheckText } from './reports/text-report.js';
import { renderWindowText } from './reports/window-text.js';
import { runRuntimesCli } from './runtimes/runtimes-cli.js';
import { parseRuntimeList, type RuntimeId } from './runtimes/runtime-ids.js';
import { packageVersion } from './version.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

interface CommonFlags {
  readonly runs?: number;
  readonly json?: boolean;
  readonly isolate?: boolean;
  readonly varyEnv?: boolean;
}

interface CheckFlags extends CommonFlags {
  readonly all?: boolean;
  readonly update?: boolean;
  readonly lock?: string;
  readonly runtimes?: RuntimeId[];
}

/** Runs the CLI on `argv` (the user's arguments, without `node` and the script). */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let exitCode: ExitCode = 0;
  const json = args.includes('--json');
  const program = buildProgram(io, async (task) => {
    exitCode = await task();
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      return usageFailure(io, json, e.message.replace(/^error: /, 'invariance-check: '));
    }
    if (e instanceof InvarianceCheckError) return usageFailure(io, json, e.message);
    return usageFailure(io, json, `invariance-check: unexpected failure: ${thrownMessage(e)}`);
  }
  return exitCode;
}

function usageFailure(io: CliIo, json: boolean, message: string): ExitCode {
  io.stderr(`${message}\n`);
  if (json) io.stdout(`${canonicalJson({ schema: REPORT_SCHEMA, ok: false, exit_code: 2, error: message })}\n`);
  return 2;
}

type Run = (task: () => Promise<ExitCode>) => Promise<void>;

function buildProgram(io: CliIo, run: Run): Command {
  const program = new Command('invariance-check')
    .description('The ERS dozen-run invariance gate as a CI governance latch.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        io.stdout(s);
      },
      writeErr: () => undefined,
    })
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .argument('[scenarios...]', 'scenario files (.json declarative, .ts/.js modules exporting makeTrace); default: the canonical scenario')
    .option('--all', 'run every scenario in apps/invariance-check/scenarios (and any given) and require each to be pinned')
    .option('--update', 'deliberately re-pin the run scenarios in the lock (only when every scenario passes its gate)')
    .option('--lock <file>', 'the lock file (default: invariance.lock.json at the repo root)')
    .addOption(new Option('--runtimes <list>', 'run every scenario and golden vector in each runtime: node20,node22,node24,bun,deno,chromium or all').argParser(parseRuntimeList));
  addCommonOptions(program);
  program.action(async (scenarios: string[], flags: CheckFlags) => {
    await run(async () => {
      if (flags.runtimes !== undefined) return runRuntimesCli(flags.runtimes, { ...flags, scenarios }, io);
      const mode = modeOf(flags);
      const lockPath = flags.lock === undefined ? defaultLockPath() : resolve(io.cwd, flags.lock);
      const { report, lockLabel } = await runCheck({
        scenarioPaths: scenarios,
        all: flags.all === true,
        runs: flags.runs ?? null,
        mode,
        update: flags.update === true,
        lockPath,
        lockIsDefault: flags.lock === undefined,
        cwd: io.cwd,
      });
      io.stdout(flags.json === true ? `${canonicalJson(report)}\n` : renderCheckText(report, { lockLabel }));
      return report.exit_code;
    });
  });

  const window = program
    .command('window')
    .description('stabilization windows: run ticks 0..K-1 under each budget variation through the gate and print which cells are invariant')
    .argument('[scenario]', 'a declarative (JSON) scenario file; default: the canonical scenario')
    .addOption(new Option('--ticks <k>', `ticks 0..k-1 (1-${MAX_TICKS}, default 4)`).argParser(intInRange('--ticks', 1, MAX_TICKS)))
    .addOption(
      new Option('--budget <f/s>', 'a budget variation: forecast/shadow, each ops or ops:entropy (repeatable; default: the scenario\'s own, each lane starved, both starved)').argParser(
        (value: string, previous: BudgetVariation[] | undefined) => [...(previous ?? []), parseBudgetSpec(value)],
      ),
    )
    .option('--seal <dir>', 'seal the verdict into run --run of this artifacts folder as a RunStability.v0 record covering ticks 0..k-1')
    .option('--run <runId>', 'the run --seal seals the verdict into (it must hold records up to tick k-1)');
  addCommonOptions(window);
  window.action(async (scenarioPath: string | undefined, ownFlags: WindowFlags) => {
    await run(async () => {
      const flags = withProgramFlags(program, ownFlags);
      const scenario = scenarioPath === undefined ? canonicalScenario() : await loadScenarioFile(scenarioPath, io.cwd);
      const definition = scenario.definition;
      if (definition === null) {
        throw new ScenarioFileError(scenario.source.label, '(kind)', 'must be a declarative JSON scenario: window varies its tick and budgets');
      }
      if ((flags.seal === undefined) !== (flags.run === undefined)) {
        throw new UsageError(flags.seal === undefined ? '--run' : '--seal', flags.seal === undefined ? 'needs --seal <dir>' : 'needs --run <runId>: the run to seal the verdict into');
      }
      const evaluation = await runStabilizationWindow(
        { ...scenario, definition },
        { ticks: flags.ticks ?? 4, budgets: flags.budget ?? defaultBudgets(definition), mode: modeOf(flags), runs: flags.runs ?? null },
      );
      const { report } = evaluation;
      const sealed = flags.seal === undefined || flags.run === undefined ? null : await sealWindowEvaluation(evaluation, resolve(io.cwd, flags.seal), flags.run);
      if (flags.json === true) io.stdout(`${canonicalJson(sealed === null ? report : { ...report, sealed })}\n`);
      else io.stdout(`${renderWindowText(report)}${sealed === null ? '' : `sealed: ${sealed.verdict} as ${sealed.ref} (sha256 ${sealed.sha256}) in ${sealed.artifacts_dir}\n`}`);
      return report.exit_code;
    });
  });

  const runtime = program
    .command('runtime')
    .description('the runtime-level gate: run abraxasTick N times, each into a fresh artifacts folder, and compare TrendPack, RunIndex, manifest and file-tree hashes')
    .argument('[scenarios...]', 'runtime scenario files (JSON, the golden vectors\' runtime format); default: the built-in runtime scenario')
    .addOption(new Option('--ticks <k>', `run ticks 0..k-1 (1-${MAX_TICKS}) instead of the scenario's own`).argParser(intInRange('--ticks', 1, MAX_TICKS)))
    .option('--seal <dir>', 'write run 0 into this artifacts folder too and seal the verdict there as a RunStability.v0 record');
  addCommonOptions(runtime);
  runtime.action(async (paths: string[], ownFlags: WindowFlags) => {
    await run(async () => {
      const flags = withProgramFlags(program, ownFlags);
      const mode = modeOf(flags);
      const loaded = paths.length === 0 ? [DEFAULT_RUNTIME_SCENARIO] : await Promise.all(paths.map((p) => loadRuntimeScenario(p, io.cwd)));
      const ticks = flags.ticks;
      const scenarios = ticks === undefined ? loaded : loaded.map((s) => ({ ...s, ticks: Array.from({ length: ticks }, (_, i) => i) }));
      const reports = [];
      for (const scenario of scenarios) {
        try {
          const evaluation = await evaluateRuntimeScenario(scenario, { mode, runs: flags.runs ?? null });
          const sealed = flags.seal === undefined ? null : await sealRuntimeEvaluation(evaluation, resolve(io.cwd, flags.seal));
          reports.push(runtimeScenarioReport(scenario, mode, evaluation.runs, evaluation, null, sealed));
        } catch (e) {
          if (!(e instanceof ScenarioRunError) && !(e instanceof SealError)) throw e;
          reports.push(runtimeScenarioReport(scenario, mode, flags.runs ?? scenario.runs ?? DEFAULT_RUNS, null, e.message));
        }
      }
      const report = runtimeReport(reports);
      io.stdout(flags.json === true ? `${canonicalJson(report)}\n` : renderRuntimeText(report));
      return report.exit_code;
    });
  });
  return program;
}

interface WindowFlags extends CommonFlags {
  readonly ticks?: number;
  readonly seal?: string;
  /** The run `window --seal` seals into. */
  readonly run?: string;
  readonly budget?: BudgetVariation[];
}

/**
 * A subcommand's flags with the common ones given before the subcommand name (`--runs 3 window`)
 * filled in; the check's own options there are an error rather than silently ignored.
 */
function withProgramFlags<F extends CommonFlags>(program: Command, own: F): F {
  const parent = program.opts<CheckFlags>();
  if (parent.all === true) throw new UsageError('--all', 'does not apply to a subcommand');
  if (parent.update === true) throw new UsageError('--update', 'does not apply to a subcommand');
  if (parent.lock !== undefined) throw new UsageError('--lock', 'does not apply to a subcommand');
  if (parent.runtimes !== undefined) throw new UsageError('--runtimes', 'does not apply to a subcommand');
  return {
    ...own,
    runs: own.runs ?? parent.runs,
    json: own.json ?? parent.json,
    isolate: own.isolate ?? parent.isolate,
    varyEnv: own.varyEnv ?? parent.varyEnv,
  };
}

/** A parser for an integer option from `min` to `max` (decimal digits only). */
function intInRange(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new UsageError(option, `must be an integer from ${min} to ${max}`, value);
    return n;
  };
}

function addCommonOptions(cmd: Command): void {
  cmd
    .addOption(
      new Option('--runs <n>', `runs per gate, ${MIN_RUNS}-${MAX_RUNS} (default: the scenario's own, else 12)`).argParser(intInRange('--runs', MIN_RUNS, MAX_RUNS)),
    )
    .option('--json', 'print a machine-readable report (canonical JSON) instead of text')
    .option('--isolate', 'run each run in a fresh worker thread (catches state shared across runs)')
    .option('--vary-env', 'run each run in a fresh child process with its own TZ, LANG/LC_ALL and working folder');
}


function modeOf(flags: CommonFlags): GateMode {
  if (flags.varyEnv === true) return 'vary-env';
  if (flags.isolate === true) return 'isolate';
  return 'in-process';
}
