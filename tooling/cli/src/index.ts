/**
 * What every Abraxas command line shares: parsing with Commander to an exit code, errors as one
 * line on stderr (never a stack trace), and setting the process's exit code.
 * Owns: the process glue of the commands. Must not: know any command's options or wording.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';

/** Exit code of a usage error (bad arguments, an unknown command). */
export const EXIT_USAGE = 2;

/**
 * A Commander program as `parseCommand` expects it: errors thrown instead of exiting, help and
 * errors written to the process's own streams, and `--version` when a version is given.
 */
export function newProgram(name: string, description: string, version?: string): Command {
  const program = new Command().name(name).description(description);
  if (version !== undefined) program.version(version);
  return program.exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/**
 * A Commander option parser of a non-negative safe integer in plain decimal (no sign, exponent,
 * leading zero or fraction): anything else is a usage error naming `option`.
 */
export function countArg(option: string): (value: string) => number {
  return (value) => {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`${option} must be a non-negative integer; got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
}

/** An error as one line of text: its message only (never a stack trace), newlines folded. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Writes `<name>: <the error as one line>` to stderr. */
export function reportError(name: string, err: unknown): void {
  process.stderr.write(`${name}: ${oneLine(err)}\n`);
}

/** How `parseCommand` treats an error an action throws. */
export interface CommandErrors {
  /** The exit code for the error (default `EXIT_USAGE`). */
  readonly exitCodeOf?: (err: unknown) => number;
  /** The error as it is shown (default: itself), e.g. a system error as the package's own class. */
  readonly shown?: (err: unknown) => unknown;
}

/**
 * Runs `program` (made by `newProgram`) on `argv`: null when its action ran, 0 for `--help`
 * and `--version`, `EXIT_USAGE` for a usage error Commander reported. Any other error an action
 * throws is written as one line and its exit code is `errors.exitCodeOf` of it.
 */
export async function parseCommand(name: string, program: Command, argv: readonly string[], errors: CommandErrors = {}): Promise<number | null> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return null;
  } catch (err) {
    // Commander exits 0 for --help and --version, 1 for every usage error (help shown for no command included).
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    reportError(name, errors.shown === undefined ? err : errors.shown(err));
    return errors.exitCodeOf === undefined ? EXIT_USAGE : errors.exitCodeOf(err);
  }
}

/**
 * Runs `main` on the process's arguments and sets the process's exit code to what it resolves to;
 * should it reject, the error is one line on stderr and the exit code `failureCode`.
 */
export function runMain(name: string, main: (argv: readonly string[]) => Promise<number>, failureCode = EXIT_USAGE): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      reportError(name, err);
      process.exitCode = failureCode;
    },
  );
}
