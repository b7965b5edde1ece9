/**
 * What a user gets from a published tarball: the MIT LICENSE, a homepage and a bug tracker,
 * third-party dependencies as `^` ranges (not exact pins), a CHANGELOG whose newest entry is the
 * version it ships, and commands linked through committed files (not into an unbuilt dist/).
 * Each package is packed with `pnpm pack` (which resolves `catalog:` and `workspace:` ranges) and
 * the packed manifest is read from the tarball.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLISHED = readdirSync(join(repoRoot, 'packages')).sort();
const work = mkdtempSync(join(tmpdir(), 'abraxas-hygiene-'));
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  bugs?: { url?: string };
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Each published package's tarball, unpacked: `<work>/<pkg>/package/...`. */
const unpacked: Record<string, string> = {};

beforeAll(() => {
  for (const pkg of PUBLISHED) {
    const dir = join(work, pkg);
    mkdirSync(dir);
    execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(repoRoot, 'packages', pkg), stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for packages/${pkg}`);
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
    unpacked[pkg] = join(dir, 'package');
  }
}, 300_000);

const packed = (pkg: string): Manifest => JSON.parse(readFileSync(join(unpacked[pkg] ?? '', 'package.json'), 'utf8')) as Manifest;

describe('every published tarball', () => {
  it('holds the MIT LICENSE, the same text as the repository\'s', () => {
    const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    for (const pkg of PUBLISHED) {
      expect(packed(pkg).license, pkg).toBe('MIT');
      expect(readFileSync(join(unpacked[pkg] ?? '', 'LICENSE'), 'utf8'), pkg).toBe(license);
      // A copy in the package folder too, so a pack by any client (not only pnpm) includes it.
      expect(readFileSync(join(repoRoot, 'packages', pkg, 'LICENSE'), 'utf8'), `packages/${pkg}/LICENSE`).toBe(license);
    }
  });

  it('names its homepage (its README in the repository) and where to report bugs', () => {
    for (const pkg of PUBLISHED) {
      const m = packed(pkg);
      expect(m.homepage, pkg).toBe(`https://github.com/abraxas-ers/abraxas-ers-ts/tree/main/packages/${pkg}#readme`);
      expect(m.bugs?.url, pkg).toBe('https://github.com/abraxas-ers/abraxas-ers-ts/issues');
    }
  });

  it('declares every dependency as a ^ range, never an exact pin', () => {
    for (const pkg of PUBLISHED) {
      const m = packed(pkg);
      const deps = { ...m.dependencies, ...m.peerDependencies, ...m.optionalDependencies };
      expect(Object.keys(deps).length, pkg).toBeGreaterThan(0);
      for (const [name, range] of Object.entries(deps)) expect(range, `${pkg} → ${name}`).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
  });

  it('ships a CHANGELOG whose newest entry is the version it ships, with nothing listed as unreleased', () => {
    for (const pkg of PUBLISHED) {
      const changelog = readFileSync(join(unpacked[pkg] ?? '', 'CHANGELOG.md'), 'utf8');
      const headings = [...changelog.matchAll(/^## (.+)$/gm)].map((h) => h[1]);
      expect(headings[0], pkg).toBe(packed(pkg).version);
      expect(changelog, pkg).not.toMatch(/unreleased/i);
    }
  });

  it('links its commands to files it ships, outside the built dist/', () => {
    for (const pkg of PUBLISHED) {
      for (const [name, file] of Object.entries(packed(pkg).bin ?? {})) {
        expect(file, `${pkg} bin ${name}`).not.toMatch(/dist\//);
        expect(statSync(join(unpacked[pkg] ?? '', file)).isFile(), `${pkg} bin ${name}`).toBe(true);
      }
    }
  });
});

describe('every command in the workspace', () => {
  const workspaces = ['packages', 'apps', 'tooling'].flatMap((g) => readdirSync(join(repoRoot, g)).map((d) => `${g}/${d}`)).concat('bench');
  const committed = new Set(execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n'));

  it('is linked to a committed, executable file, so `pnpm install` can link it before anything is built', () => {
    let bins = 0;
    for (const rel of workspaces) {
      const manifest = JSON.parse(readFileSync(join(repoRoot, rel, 'package.json'), 'utf8')) as Manifest;
      for (const [name, file] of Object.entries(manifest.bin ?? {})) {
        bins += 1;
        const path = join(rel, file.replace(/^\.\//, ''));
        expect(committed.has(path), `${rel} bin ${name} → ${file} is committed`).toBe(true);
        expect(statSync(join(repoRoot, path)).mode & 0o111, `${path} is executable`).not.toBe(0);
        expect(readFileSync(join(repoRoot, path), 'utf8'), path).toMatch(/^#!\/usr\/bin\/env node\n/);
      }
    }
    expect(bins).toBe(5); // abraxas-artifacts, abraxas-artifacts-postgres, abraxas-run, abraxas-demo, invariance-check
  });
});
