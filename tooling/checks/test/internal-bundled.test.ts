/**
 * The shared internals (`@abraxas/internal`, and `@abraxas/cli` of the commands) are no part of any
 * published package: each package that uses them lists them as a devDependency and its build inlines them, so no built file imports
 * them and no published manifest depends on them; and @abraxas/ers no longer exports them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ers from '@abraxas/ers';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLISHED = readdirSync(join(repoRoot, 'packages')).sort();
const PRIVATE = ['@abraxas/internal', '@abraxas/cli'];
const INTERNALS = ['compareCodePoints', 'describeValue', 'isNonNegativeSafeInt', 'isPlainObject', 'isRevokedProxy', 'isWellFormed', 'readOnlyView'];

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

describe.each(PUBLISHED)('packages/%s', (pkg) => {
  const dir = join(repoRoot, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

  it.each(PRIVATE)('does not depend on %s at run time', (name) => {
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain(name);
    expect(Object.keys(manifest.peerDependencies ?? {})).not.toContain(name);
  });

  it.each(PRIVATE)('ships no file that imports %s', (name) => {
    const files = readdirSync(join(dir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(dir, 'dist', f), 'utf8'), f).not.toContain(name);
  });
});

describe('@abraxas/ers', () => {
  it('exports none of the shared internals', () => {
    for (const name of INTERNALS) expect(Object.keys(ers), name).not.toContain(name);
  });
});
