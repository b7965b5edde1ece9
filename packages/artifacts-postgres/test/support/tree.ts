/** Every file under a folder with its bytes, keyed by `/`-separated relative path. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function treeOf(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(child);
      else out.set(child, readFileSync(join(root, child)).toString('hex'));
    }
  };
  walk('');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
