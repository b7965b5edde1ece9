/**
 * A folder's files with their bytes, for tests that compare trees byte for byte: a backend's
 * exported tree with an artifacts folder, two runs' folders, a folder before and after a refused write.
 * Owns: that walk. Must not: write, or follow anything but plain folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root`, keyed by `/`-separated relative path (sorted by code unit, as ASCII paths sort by code point), with its bytes. */
export function filesOf(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const d of readdirSync(rel === '' ? root : join(root, ...rel.split('/')), { withFileTypes: true })) {
      const child = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(child);
      else out.set(child, readFileSync(join(root, ...child.split('/'))));
    }
  };
  walk('');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `filesOf` with the bytes as hex (a mismatch shows as text in a test's diff). */
export function treeOf(root: string): Map<string, string> {
  return new Map([...filesOf(root)].map(([path, bytes]) => [path, bytes.toString('hex')]));
}
