/**
 * Test helpers: fresh temporary folders (removed after the suite) and a runner for the built CLI
 * as a child process, with its stdout, stderr and exit code (stdout is a pipe, not a terminal).
 * Owns: process and folder plumbing for tests. Must not: decide what a test expects.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(label = 'demo'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `abraxas-${label}-`));
  made.push(dir);
  return dir;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` (the package must be built). */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error('build the demo first (pnpm --filter @abraxas/demo build)');
  // Without the package manager's variables, unless a test sets them.
  const env = { ...process.env };
  delete env.INIT_CWD;
  delete env.npm_lifecycle_event;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: { ...env, ...opts.env } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The documented schedule of the generated input (see src/input.ts): which ticks fail or skip. */
export const schedule = {
  /** `shadow:dropout` fails on dropout ticks: `tick % 8 === 3`. */
  errorTicks: (n: number): number[] => Array.from({ length: n }, (_, t) => t).filter((t) => t % 8 === 3),
  /** `oracle:overlay` is skipped for budget on burst ticks: `tick % 6 === 5`. */
  skipTicks: (n: number): number[] => Array.from({ length: n }, (_, t) => t).filter((t) => t % 6 === 5),
  /** The `burst_load` metric drifts on burst ticks, the same `tick % 6 === 5` (see src/metrics.ts). */
  driftTicks: (n: number): number[] => Array.from({ length: n }, (_, t) => t).filter((t) => t % 6 === 5),
};
