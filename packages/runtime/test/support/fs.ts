/**
 * Test helpers for the file system: fresh temporary folders (removed after the suite) and folder
 * listings (a folder's files with their bytes is `filesOf` of @abraxas/store-contract).
 * Owns: temporary folders. Must not: decide what a test expects.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh empty folder, removed when the test file finishes. */
export async function tempDir(label = 'runtime'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `abraxas-${label}-`));
  made.push(dir);
  return dir;
}

/** The names in `dir`, or an empty list when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
