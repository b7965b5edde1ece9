/**
 * Release policy: every package is versioned on its own. Internal dependencies are declared
 * `workspace:^` and changesets runs with `updateInternalDependencies: "minor"`, so
 * - a patch of @abraxas/ers releases ers alone (its dependents' `^` ranges already accept it);
 * - a minor of @abraxas/ers (0.x: outside `^`) also releases each dependent with a patch bump and
 *   an updated range.
 * The test runs the real `changeset version` on a copy of the workspace manifests.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(join(repoRoot, 'package.json'));
const changesetBin = join(dirname(require.resolve('@changesets/cli/package.json')), 'bin.js');
const made: string[] = [];
afterAll(() => { made.forEach((d) => { rmSync(d, { recursive: true, force: true }); }); });

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

const publishable = readdirSync(join(repoRoot, 'packages')).map((d) => `packages/${d}`);
const apps = readdirSync(join(repoRoot, 'apps')).map((d) => `apps/${d}`);

function read(dir: string, rel: string): Manifest {
  return JSON.parse(readFileSync(join(dir, rel, 'package.json'), 'utf8')) as Manifest;
}

/** A throwaway copy of the workspace's manifests and changeset config, with one changeset. */
function workspaceWith(changeset: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'abraxas-release-'));
  made.push(dir);
  for (const f of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repoRoot, f), join(dir, f));
  mkdirSync(join(dir, '.changeset'));
  cpSync(join(repoRoot, '.changeset/config.json'), join(dir, '.changeset/config.json'));
  for (const rel of [...publishable, ...apps]) {
    mkdirSync(join(dir, rel), { recursive: true });
    cpSync(join(repoRoot, rel, 'package.json'), join(dir, rel, 'package.json'));
  }
  writeFileSync(join(dir, '.changeset/change.md'), changeset);
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

const bump = (v: string, kind: 'patch' | 'minor'): string => {
  const [major, minor, patch] = v.split('.').map(Number) as [number, number, number];
  return kind === 'patch' ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
};

describe('independent releases', () => {
  it('declares every internal dependency of a published package as workspace:^', () => {
    for (const rel of publishable) {
      for (const [name, range] of Object.entries(read(repoRoot, rel).dependencies ?? {})) {
        if (name.startsWith('@abraxas/')) expect(range, `${rel} → ${name}`).toBe('workspace:^');
      }
    }
  });

  it('has no fixed or linked groups', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
    expect(config.updateInternalDependencies).toBe('minor');
  });

  it('a patch changeset for @abraxas/ers releases ers alone', () => {
    const dir = workspaceWith('---\n"@abraxas/ers": patch\n---\n\nFix a thing.\n');
    for (const rel of publishable) {
      const before = read(repoRoot, rel);
      const after = read(dir, rel);
      expect(after.version, rel).toBe(before.name === '@abraxas/ers' ? bump(before.version, 'patch') : before.version);
    }
    expect(readFileSync(join(dir, 'packages/ers/CHANGELOG.md'), 'utf8')).toContain('Fix a thing.');
  });

  it('a minor changeset for @abraxas/ers also patch-releases its dependents with updated ranges', () => {
    const dir = workspaceWith('---\n"@abraxas/ers": minor\n---\n\nNew API.\n');
    const ers = read(repoRoot, 'packages/ers');
    expect(read(dir, 'packages/ers').version).toBe(bump(ers.version, 'minor'));
    for (const rel of publishable.filter((r) => r !== 'packages/ers')) {
      const before = read(repoRoot, rel);
      const after = read(dir, rel);
      const dependsOnErs = before.dependencies?.['@abraxas/ers'] !== undefined;
      if (dependsOnErs) {
        expect(after.version, rel).toBe(bump(before.version, 'patch'));
      }
      expect(after.dependencies?.['@abraxas/ers'], rel).toBe(before.dependencies?.['@abraxas/ers']);
    }
  });
});
