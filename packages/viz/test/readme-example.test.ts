/**
 * The README's example runs and prints what the README says it prints (its `// → ` lines),
 * bundled for the browser from the package sources and run in a bare realm.
 */
import { schedulerVectors } from '@abraxas/golden-vectors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { browserLikeRealm, bundleForBrowser, packageDir } from './browser-realm.js';

const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

describe('README example', () => {
  it('prints the outputs it documents, starting with the golden hash of the canonical scenario', async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (example === undefined) throw new Error('README has no js example');
    const documented = example
      .split('\n')
      .filter((line) => line.startsWith('// → '))
      .map((line) => line.slice('// → '.length));
    const { code } = await bundleForBrowser(example, 'ReadmeExample', { '@abraxas/viz': join(packageDir, 'src/index.ts') });
    const printed: string[] = [];
    const realm = browserLikeRealm({ console: { log: (...args: unknown[]) => printed.push(format(...args)) } });
    vm.runInContext(code, realm);
    expect(printed).toEqual(documented);
    const seed = schedulerVectors.find((v) => v.id === 'seed-invariance-check');
    expect(printed[0]).toBe(seed?.expect.trendpack_sha256);
  });
});
