/**
 * Where the runtimes are installed: the private workspace package @abraxas/runtimes
 * (tooling/runtimes), a devDependency of this app. The runtimes live there rather than in this app
 * so that their binaries (the `node` package links a `node`) are never on this app's script PATH,
 * where they would shadow the workspace's Node 20. Packages are resolved from that package.
 * Owns: resolving runtime packages. Must not: run them.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Resolves `specifier` among @abraxas/runtimes' dependencies, as seen from `appDir`; null when absent. */
export function resolveFromRuntimes(appDir: string, specifier: string): string | null {
  try {
    const runtimes = createRequire(join(appDir, 'package.json')).resolve('@abraxas/runtimes/package.json');
    return createRequire(runtimes).resolve(specifier);
  } catch {
    return null;
  }
}

/** The package.json of a runtime package that does not restrict its exports (node, bun, deno); null when absent. */
export function resolveRuntimePackage(appDir: string, pkg: string): string | null {
  return resolveFromRuntimes(appDir, `${pkg}/package.json`);
}

/** The folder of a resolved package.json. */
export function packageDir(manifestPath: string): string {
  return dirname(manifestPath);
}
