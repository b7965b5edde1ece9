/** Temporary folders and folder listings for the artifact tests. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder, removed after the test file. */
export function tempDir(prefix = 'abraxas-artifacts-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every file under `dir`, as sorted `/`-separated relative paths (folders end with `/` when empty). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const entries = readdirSync(rel === '' ? dir : join(dir, ...rel.split('/')), { withFileTypes: true });
    if (entries.length === 0 && rel !== '') out.push(`${rel}/`);
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
