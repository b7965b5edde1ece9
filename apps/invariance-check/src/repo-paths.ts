/**
 * Where the repo's own invariance files live, found from this app's location (so the check works
 * from any working folder): the lock at the repo root and the scenarios folder of this app.
 * Source and bundle sit at the same depth (apps/invariance-check/src, apps/invariance-check/dist).
 * Owns: those two locations and listing the repo scenarios. Must not: read their contents.
 */
import { compareCodePoints } from '@abraxas/internal';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE_NAME } from './lock/lock-file.js';

const SCENARIO_EXTENSIONS = ['.json', '.ts', '.mts', '.js', '.mjs'];

/** The repository root (three levels above this file's folder). */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/** The default lock: `invariance.lock.json` at the repo root. */
export function defaultLockPath(): string {
  return join(repoRoot(), LOCK_FILE_NAME);
}

/** The repo's scenario folder: apps/invariance-check/scenarios. */
export function repoScenariosDir(): string {
  return fileURLToPath(new URL('../scenarios/', import.meta.url));
}

/** The scenario files of a folder (not recursive), sorted by name in code-point order. */
export async function listScenarioFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && SCENARIO_EXTENSIONS.includes(extname(e.name).toLowerCase()) && !e.name.endsWith('.d.ts'))
    .map((e) => e.name)
    .sort(compareCodePoints)
    .map((name) => join(dir, name));
}
