/**
 * Test support: spawns the built CLI (`dist/cli.js`) with node, as CI and `pnpm invariance` do,
 * and finds golden vectors by id. Refuses to run against a missing or stale build, so a test never
 * passes on yesterday's code.
 */
import { gateVectors, schedulerVectors, type GateVector, type SchedulerVector } from '@abraxas/golden-vectors';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const REPO_ROOT = join(APP_DIR, '..', '..');
export const CLI = join(APP_DIR, 'dist', 'cli.js');
export const FIXTURES = join(APP_DIR, 'test', 'fixtures');
export const DRIFT = join(FIXTURES, 'drift');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let checked = false;
function assertFreshBuild(): void {
  if (checked) return;
  let built: number;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    throw new Error('dist/cli.js is missing: run `pnpm --filter @abraxas/invariance-check build` first');
  }
  if (newestMtime(join(APP_DIR, 'src')) > built) {
    throw new Error('dist/cli.js is older than src/: run `pnpm --filter @abraxas/invariance-check build` first');
  }
  checked = true;
}

/** Runs `node dist/cli.js ...args` in `cwd` (default: the repo root, as `pnpm invariance` does). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  assertFreshBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'invariance-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The golden gate vector with the given id. */
export function goldenGate(id: string): GateVector {
  const v = gateVectors.find((g) => g.id === id);
  if (v === undefined) throw new Error(`no golden gate vector ${id}`);
  return v;
}

/** The golden scheduler vector with the given id. */
export function goldenScheduler(id: string): SchedulerVector {
  const v = schedulerVectors.find((g) => g.id === id);
  if (v === undefined) throw new Error(`no golden scheduler vector ${id}`);
  return v;
}

/** The canonical scenario's hash, as the reference produced it (golden `seed-invariance-check`). */
export const GOLDEN_CANONICAL_HASH = goldenScheduler('seed-invariance-check').expect.trace_sha256;
