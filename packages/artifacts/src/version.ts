/**
 * The command's version (`--version`): the version in this package's package.json, read next to
 * the running file (src/ in development, dist/ when built: both sit one folder below it).
 * Owns: finding the version. Must not: parse arguments or print.
 */
import { readFileSync } from 'node:fs';

/** The `version` of this package's package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
