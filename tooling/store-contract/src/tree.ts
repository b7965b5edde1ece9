/**
 * `treeOf`: every file under a folder with its bytes, for tests that compare a backend's exported
 * tree with an artifacts folder byte for byte.
 * Owns: that walk. Must not: write, or follow anything but plain folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root`, keyed by `/`-separated relative path (sorted), with its bytes as hex. */
export function treeOf(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const d of readdirSync(rel === '' ? root : join(root, ...rel.split('/')), { withFileTypes: true })) {
      const child = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(child);
      else out.set(child, readFileSync(join(root, ...child.split('/'))).toString('hex'));
    }
  };
  walk('');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
