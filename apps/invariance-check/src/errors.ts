/**
 * Error classes of the invariance check. Every message names where the problem is (the command
 * line option, the file and field) and the rule broken, in the house style
 * `<where>: <field> <rule>; got <value>`. The CLI maps them to exit codes: input and usage
 * problems exit 2 (no verdict could be reached), drift and pin mismatches exit 1.
 * Owns: error types. Must not: print or exit.
 */
import { describeValue } from '@abraxas/internal';

/** Base class of every error this app throws on purpose. */
export class InvarianceCheckError extends Error {
  override name = 'InvarianceCheckError';
}

/** The command line is wrong (unknown option, bad option value, conflicting options). */
export class UsageError extends InvarianceCheckError {
  override name = 'UsageError';
  readonly option: string;
  constructor(option: string, rule: string, ...got: [] | [unknown]) {
    super(`invariance-check: ${option} ${rule}${got.length === 0 ? '' : `; got ${describeValue(got[0])}`}`);
    this.option = option;
  }
}

/** A scenario file (JSON or module) cannot be read or breaks a rule of the scenario format. */
export class ScenarioFileError extends InvarianceCheckError {
  override name = 'ScenarioFileError';
  readonly file: string;
  readonly field: string;
  constructor(file: string, field: string, rule: string, ...got: [] | [unknown]) {
    super(`${file}: ${field} ${rule}${got.length === 0 ? '' : `; got ${describeValue(got[0])}`}`);
    this.file = file;
    this.field = field;
  }
}

/** The lock file cannot be read or breaks a rule of the lock format. */
export class LockFileError extends InvarianceCheckError {
  override name = 'LockFileError';
  readonly file: string;
  readonly field: string;
  constructor(file: string, field: string, rule: string, ...got: [] | [unknown]) {
    super(`${file}: ${field} ${rule}${got.length === 0 ? '' : `; got ${describeValue(got[0])}`}`);
    this.file = file;
    this.field = field;
  }
}

/** A scenario could not produce a trace (its `makeTrace` threw, or an isolated run died). */
export class ScenarioRunError extends InvarianceCheckError {
  override name = 'ScenarioRunError';
  readonly scenario: string;
  readonly runIndex: number;
  constructor(scenario: string, runIndex: number, detail: string) {
    super(`${scenario}: run ${runIndex} failed: ${detail}`);
    this.scenario = scenario;
    this.runIndex = runIndex;
  }
}

/** The message of anything thrown, as `<Name>: <message>`. */
export function thrownMessage(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  try {
    return String(thrown);
  } catch {
    return 'a value that cannot be printed';
  }
}

/** `--seal DIR`: the verdict could not be sealed there (the folder holds another run under that id, or cannot be written). */
export class SealError extends InvarianceCheckError {
  override name = 'SealError';
  readonly artifactsDir: string;
  constructor(artifactsDir: string, detail: string) {
    super(`invariance-check: --seal ${artifactsDir} ${detail}`);
    this.artifactsDir = artifactsDir;
  }
}
