/**
 * Finding each runtime's executable, nothing global: node20 is the Node running the check (it must
 * be Node 20); Node 22 and 24, Bun and Deno are dependencies of @abraxas/runtimes installed from npm as
 * packages that carry their binaries (`node22`/`node24` alias the `node` package, whose install
 * script fetches the binary; `bun` and `deno` link theirs from their platform packages). Each
 * package's own version is the version the runtime must report. Chromium is found by chromium.ts.
 * Owns: locating Node, Bun and Deno. Must not: run them.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeUnavailableError } from './runtime-errors.js';
import type { RuntimeId } from './runtime-ids.js';
import { packageVersion, runtimePackageDir } from './runtimes-package.js';

/** A runtime started as a process: `command ...args <bundle>`. */
export interface ProcessTarget {
  readonly id: Exclude<RuntimeId, 'chromium'>;
  readonly kind: 'process';
  readonly command: string;
  readonly args: readonly string[];
  /** The version the runtime must report (`node 22.23.3`). */
  readonly expect: string;
  /** Where it came from, for the report (never a machine path). */
  readonly source: string;
}

const INSTALL = 'run `pnpm install` at the repo root (pnpm-workspace.yaml allowBuilds must list node, bun and deno, whose install scripts put the binaries in place)';

/** Smaller than any real runtime binary (each is tens of megabytes). */
const MIN_BINARY_BYTES = 1_000_000;

interface PackageSpec {
  readonly pkg: string;
  readonly binary: string;
  readonly name: string;
  readonly args: readonly string[];
}

const PACKAGES: Readonly<Record<'node22' | 'node24' | 'bun' | 'deno', PackageSpec>> = {
  node22: { pkg: 'node22', binary: 'bin/node', name: 'node', args: [] },
  node24: { pkg: 'node24', binary: 'bin/node', name: 'node', args: [] },
  bun: { pkg: 'bun', binary: 'bin/bun.exe', name: 'bun', args: [] },
  // All permissions: besides its temporary folders, @abraxas/artifacts reads the boot id from
  // /proc/sys/kernel/random/boot_id, which Deno grants only with --allow-all. Without it the boot id
  // falls back to host name and boot minute, and the derived manifest.state file differs from Node's.
  deno: { pkg: 'deno', binary: 'deno', name: 'deno', args: ['run', '--quiet', '--no-config', '--allow-all'] },
};

/**
 * The executable of `id`. `appDir` is the folder whose package.json lists @abraxas/runtimes (this app).
 * Throws `RuntimeUnavailableError` naming how to get a runtime that is not there.
 */
export function locateProcessRuntime(id: Exclude<RuntimeId, 'chromium'>, appDir: string, nodeVersion: string = process.versions.node): ProcessTarget {
  if (id === 'node20') {
    if (!nodeVersion.startsWith('20.')) {
      throw new RuntimeUnavailableError('node20', `node20 is the Node running the check, and that is Node ${nodeVersion}`, 'run the check with Node 20 (the version CI and the repo\'s engines use)');
    }
    return { id, kind: 'process', command: process.execPath, args: [], expect: `node ${nodeVersion}`, source: 'the Node running the check' };
  }
  const spec = PACKAGES[id];
  const dir = runtimePackageDir(appDir, spec.pkg);
  if (dir === null) {
    throw new RuntimeUnavailableError(id, `the package ${spec.pkg} (a dependency of @abraxas/runtimes, tooling/runtimes) is not installed`, INSTALL);
  }
  const command = join(dir, ...spec.binary.split('/'));
  // A package whose install script did not run has no binary, or a small stand-in script for it.
  if (!existsSync(command) || statSync(command).size < MIN_BINARY_BYTES) {
    throw new RuntimeUnavailableError(id, `the package ${spec.pkg} is installed but its binary ${spec.binary} is missing (its install script did not run)`, INSTALL);
  }
  const version = packageVersion(dir);
  if (version === null) throw new RuntimeUnavailableError(id, `the package ${spec.pkg} has no version`, INSTALL);
  return { id, kind: 'process', command, args: spec.args, expect: `${spec.name} ${version}`, source: `npm ${spec.name}@${version}${spec.pkg === spec.name ? '' : ` as ${spec.pkg}`}` };
}
