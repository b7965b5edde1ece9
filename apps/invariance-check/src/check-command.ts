/**
 * The main check: load the scenarios (the canonical one by default, the repo's own with `--all`,
 * and any given paths), run each through the gate in the chosen mode, hold each hash against its
 * pin in the lock, and with `--update` re-pin deliberately. Scenarios run one after another; a
 * scenario whose run fails is reported and the rest still run. Bad input (a scenario file or the
 * lock breaking a rule, a duplicate id) stops everything before any run and writes nothing.
 * Owns: one invocation's flow and its report. Must not: parse argv or print.
 */
import { CANONICAL_ID } from './scenario/canonical-scenario.js';
import { REPORT_SCHEMA, exitCodeOf, scenarioStatus, type CheckReport, type LockReport, type ScenarioReport } from './reports/check-report.js';
import { ScenarioFileError, ScenarioRunError } from './errors.js';
import { DEFAULT_RUNS, evaluateScenario, type GateMode, type ScenarioEvaluation } from './gate/gate-runner.js';
import { readLock, writeLock } from './lock/lock-file.js';
import { judgePins, type PinVerdict } from './lock/pin-check.js';
import { listScenarioFiles, repoRoot, repoScenariosDir } from './repo-paths.js';
import { canonicalScenario, fileLabel, loadScenarioFile } from './scenario/scenario-load.js';
import type { LoadedScenario } from './scenario/scenario-types.js';

export interface CheckOptions {
  /** Scenario files given on the command line (relative to `cwd`). */
  readonly scenarioPaths: readonly string[];
  /** Also run every scenario in the repo's scenarios folder, and require a pin for each. */
  readonly all: boolean;
  /** `--runs`, or null for each scenario's own (default 12). */
  readonly runs: number | null;
  readonly mode: GateMode;
  readonly update: boolean;
  /** Absolute path of the lock file. */
  readonly lockPath: string;
  /** Whether `lockPath` is the default (the re-pin hint then omits `--lock`). */
  readonly lockIsDefault: boolean;
  readonly cwd: string;
  /** Where repo scenarios live (default: this app's scenarios folder). */
  readonly scenariosDir?: string;
}

export interface CheckResult {
  readonly report: CheckReport;
  readonly lockLabel: string;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const lockLabel = fileLabel(options.lockPath, options.cwd);
  const scenarios = await loadScenarios(options);
  const lock = await readLock(options.lockPath, lockLabel);

  const evaluations: { scenario: LoadedScenario; evaluation: ScenarioEvaluation | null; error: string | null }[] = [];
  for (const scenario of scenarios) {
    try {
      evaluations.push({ scenario, evaluation: await evaluateScenario(scenario, { mode: options.mode, runs: options.runs }), error: null });
    } catch (e) {
      if (!(e instanceof ScenarioRunError)) throw e;
      evaluations.push({ scenario, evaluation: null, error: e.message });
    }
  }

  const judgement = judgePins(
    evaluations.map(({ scenario, evaluation }) => ({
      id: scenario.id,
      hash: evaluation?.gate.ok === true ? evaluation.gate.expected_hash : null,
    })),
    lock,
    { update: options.update, all: options.all },
  );
  if (judgement.nextLock !== null) await writeLock(options.lockPath, judgement.nextLock);

  const lockFlag = options.lockIsDefault ? '' : ` --lock ${lockLabel}`;
  const reports: ScenarioReport[] = evaluations.map(({ scenario, evaluation, error }) => {
    const pin = judgement.verdicts.get(scenario.id) as PinVerdict;
    const gate = evaluation?.gate ?? null;
    const status = scenarioStatus(gate, error, pin);
    const needsRepin = status === 'pin_mismatch' || pin.status === 'unpinned';
    const repinTarget = options.all ? '--all' : scenario.source.label;
    return {
      id: scenario.id,
      source: scenario.source.label,
      status,
      ok: status === 'pass',
      mode: options.mode,
      runs: evaluation?.runs ?? options.runs ?? scenario.runs ?? DEFAULT_RUNS,
      hash: gate?.ok === true ? gate.expected_hash : null,
      gate,
      divergences: evaluation?.divergences ?? [],
      environments: evaluation?.environments ?? null,
      pin,
      repin_command: needsRepin ? `pnpm invariance ${repinTarget} --update${lockFlag}` : null,
      error,
    };
  });
  const lockReport: LockReport = {
    path: lockLabel,
    stale_pins: judgement.stale,
    stale_fails: judgement.staleFails,
    written: judgement.nextLock !== null,
    update_refused: judgement.updateRefused,
  };
  const exitCode = exitCodeOf(reports, lockReport);
  return { report: { schema: REPORT_SCHEMA, ok: exitCode === 0, exit_code: exitCode, scenarios: reports, lock: lockReport }, lockLabel };
}

async function loadScenarios(options: CheckOptions): Promise<LoadedScenario[]> {
  const scenarios: LoadedScenario[] = [];
  if (options.all) {
    const repo: LoadedScenario[] = [];
    // Repo scenarios are named relative to the repo root, so reports read the same from any folder.
    for (const file of await listScenarioFiles(options.scenariosDir ?? repoScenariosDir())) repo.push(await loadScenarioFile(file, options.cwd, repoRoot()));
    // The canonical scenario first: its block is the spec's two lines.
    scenarios.push(...repo.filter((s) => s.id === CANONICAL_ID), ...repo.filter((s) => s.id !== CANONICAL_ID));
  }
  for (const path of options.scenarioPaths) scenarios.push(await loadScenarioFile(path, options.cwd));
  if (!options.all && options.scenarioPaths.length === 0) scenarios.push(canonicalScenario());

  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.id);
    if (other !== undefined) {
      throw new ScenarioFileError(s.source.label, 'id', `must be unique among the scenarios of one run; ${other} has the same id`, s.id);
    }
    seen.set(s.id, s.source.label);
  }
  return scenarios;
}
