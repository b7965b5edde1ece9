// The versions of the @abraxas/* packages that write a run's header, read from their package.json
// files when the library is built (tsup) or tested (vitest) and compiled in as a constant, so the
// runtime never reads a file to know them. Used by tsup.config.ts and vitest.config.ts.
import { readFileSync } from 'node:fs';

const PACKAGES: readonly (readonly [name: string, dir: string])[] = [
  ['@abraxas/artifacts', '../artifacts'],
  ['@abraxas/ers', '../ers'],
  ['@abraxas/runtime', '.'],
  ['@abraxas/viz', '../viz'],
];

function versionOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(new URL(`${dir}/package.json`, import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error(`${dir}/package.json has no version`);
  return manifest.version;
}

/** The `define` entry both builds share: `__ABRAXAS_PACKAGE_VERSIONS__` as a JSON object literal. */
export function packageVersionsDefine(): Record<string, string> {
  const versions = Object.fromEntries(PACKAGES.map(([name, dir]) => [name, versionOf(dir)]));
  return { __ABRAXAS_PACKAGE_VERSIONS__: JSON.stringify(versions) };
}
