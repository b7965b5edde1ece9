/**
 * Test helpers for the file system: fresh temporary folders (removed after the suite) and a
 * byte-level snapshot of a folder tree.
 * Owns: temporary folders and tree snapshots. Must not: decide what a test expects.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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

/** Every file under `root` by `/`-separated relative path, with its bytes (sorted by path). */
export async function snapshotTree(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel === '' ? root : join(root, ...rel.split('/')), { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(childRel);
      else out.set(childRel, await readFile(join(root, ...childRel.split('/'))));
    }
  };
  await walk('');
  return out;
}

/** The names in `dir`, or an empty list when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
