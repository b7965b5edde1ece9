/**
 * The `--runtimes` branch of the command line: rejects the check's options that do not apply (the
 * cross-runtime check always runs the canonical scenario, every repo scenario and every golden
 * vector, each in the runtime's own process), runs the check and writes the table or `--json`.
 * Owns: mapping `--runtimes` flags to a run and its output. Must not: judge.
 */
import { canonicalJson } from '@abraxas/ers';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { defaultLockPath } from '../repo-paths.js';
import { renderMatrixText } from './matrix-text.js';
import type { RuntimeId } from './runtime-ids.js';
import { runRuntimes } from './runtimes-command.js';

export interface RuntimesFlags {
  readonly scenarios: readonly string[];
  readonly all?: boolean;
  readonly update?: boolean;
  readonly lock?: string;
  readonly runs?: number;
  readonly json?: boolean;
  readonly isolate?: boolean;
  readonly varyEnv?: boolean;
}

export async function runRuntimesCli(runtimes: readonly RuntimeId[], flags: RuntimesFlags, io: { readonly stdout: (text: string) => void; readonly cwd: string }): Promise<0 | 1> {
  const rule = 'does not apply with --runtimes (it runs every repo scenario and golden vector, each once per runtime)';
  if (flags.scenarios.length > 0) throw new UsageError('[scenarios...]', rule, flags.scenarios);
  for (const [given, option] of [
    [flags.all, '--all'],
    [flags.update, '--update'],
    [flags.runs !== undefined, '--runs'],
    [flags.isolate, '--isolate'],
    [flags.varyEnv, '--vary-env'],
  ] as const) {
    if (given === true) throw new UsageError(option, rule);
  }
  const report = await runRuntimes({ runtimes, lockPath: flags.lock === undefined ? defaultLockPath() : resolve(io.cwd, flags.lock) });
  io.stdout(flags.json === true ? `${canonicalJson(report)}\n` : renderMatrixText(report));
  return report.exit_code;
}
