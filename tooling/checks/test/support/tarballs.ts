/**
 * Packed tarballs and throwaway projects for the consumer tests: packs packages with `pnpm pack`
 * (which turns `workspace:^` into real ranges) and installs them with npm into fresh projects in a
 * temporary folder, outside the workspace, as a user gets them.
 * Owns: packing, installing, running a command in a consumer project. Must not: assert anything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const PACKAGES = ['ers', 'viz', 'artifacts', 'runtime'] as const;
export type PackageName = (typeof PACKAGES)[number];

/** Runs a command and returns its stdout; a failure throws with the command's stderr in the message. */
export function sh(cmd: string, args: readonly string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}

/** Packs `pkgs` into `out` and returns the tarball of each. */
export function packAll(out: string, pkgs: readonly PackageName[] = PACKAGES): Record<PackageName, string> {
  mkdirSync(out, { recursive: true });
  for (const pkg of pkgs) sh('pnpm', ['pack', '--pack-destination', out], join(repoRoot, 'packages', pkg));
  const found: Partial<Record<PackageName, string>> = {};
  for (const file of readdirSync(out)) {
    const pkg = pkgs.find((p) => file.startsWith(`abraxas-${p}-`));
    if (pkg !== undefined) found[pkg] = join(out, file);
  }
  for (const pkg of pkgs) if (found[pkg] === undefined) throw new Error(`pnpm pack wrote no tarball for ${pkg}`);
  return found as Record<PackageName, string>;
}

/** A fresh npm project in `dir` whose `dependencies` are `deps` (name -> spec, e.g. `file:/x.tgz`), installed. */
export function npmProject(dir: string, deps: Readonly<Record<string, string>>): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: deps }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], dir);
  return dir;
}
