/**
 * Where the runtimes are installed: the private workspace package @abraxas/runtimes
 * (tooling/runtimes), a devDependency of this app. The runtimes live there rather than in this app
 * so that their binaries (the `node` package links a `node`) are never on this app's script PATH,
 * where they would shadow the workspace's Node 20. Packages are looked up in `node_modules`
 * folders from this app upwards, then from @abraxas/runtimes upwards, as Node resolves them but
 * without NODE_PATH (which a package manager's shims set to folders that hold every package).
 * Owns: finding runtime packages on disk. Must not: run them.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of package `name` as seen from `fromDir` (its real path), or null. */
function findPackageDir(fromDir: string, name: string): string | null {
  let dir: string;
  try {
    dir = realpathSync(fromDir);
  } catch {
    return null;
  }
  for (;;) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The folder of runtime package `pkg`, a dependency of @abraxas/runtimes as seen from `appDir`; null when absent. */
export function runtimePackageDir(appDir: string, pkg: string): string | null {
  const runtimes = findPackageDir(appDir, '@abraxas/runtimes');
  return runtimes === null ? null : findPackageDir(runtimes, pkg);
}

/** A package's `version`, or null when its package.json has none. */
export function packageVersion(dir: string): string | null {
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
  return typeof version === 'string' ? version : null;
}
