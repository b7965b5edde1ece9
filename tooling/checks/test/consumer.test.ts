/**
 * Every package installs and works on its own, as a user outside this workspace gets it: each
 * package is packed (`pnpm pack`, which turns `workspace:^` into real ranges), a fresh project in a
 * temporary folder installs tarballs with npm, and runs the packages' README examples.
 * - `@abraxas/ers` alone: its README example in ESM and in CommonJS prints the canonical hash, and
 *   nothing else of ours is installed; deep imports into its internals are refused.
 * - `@abraxas/runtime` with the tarballs of its three dependencies: one `abraxasTick` writes a
 *   TrendPack equal to the reference's golden bytes.
 */
import { runtimeVectors } from '@abraxas/golden-vectors';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CANONICAL_HASH = 'ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16';
const PACKAGES = ['ers', 'viz', 'artifacts', 'runtime'] as const;
const work = mkdtempSync(join(tmpdir(), 'abraxas-consumer-'));
const tarballs: Record<string, string> = {};
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });
}

/** A fresh npm project with the given tarballs installed. */
function project(name: string, pkgs: readonly (typeof PACKAGES)[number][]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...pkgs.map((p) => tarballs[p] as string)], dir);
  return dir;
}

/** The first ```ts block of a package README. */
function readmeExample(pkg: string): string {
  const readme = readFileSync(join(repoRoot, 'packages', pkg, 'README.md'), 'utf8');
  const block = /```(?:ts|js)\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error(`no example in packages/${pkg}/README.md`);
  return block;
}

beforeAll(() => {
  const out = join(work, 'tarballs');
  mkdirSync(out);
  for (const pkg of PACKAGES) {
    sh('pnpm', ['pack', '--pack-destination', out], join(repoRoot, 'packages', pkg));
  }
  for (const file of readdirSync(out)) {
    const pkg = PACKAGES.find((p) => file.startsWith(`abraxas-${p}-`));
    if (pkg !== undefined) tarballs[pkg] = join(out, file);
  }
  expect(Object.keys(tarballs).sort()).toEqual([...PACKAGES].sort());
}, 300_000);

describe('@abraxas/ers installed alone', () => {
  let dir = '';
  beforeAll(() => {
    dir = project('ers-alone', ['ers']);
  }, 300_000);

  it('installs nothing else of ours', () => {
    expect(readdirSync(join(dir, 'node_modules', '@abraxas'))).toEqual(['ers']);
  });

  it('runs the README example as ESM and prints the canonical hash', () => {
    writeFileSync(join(dir, 'example.mjs'), readmeExample('ers'));
    const out = sh(process.execPath, ['example.mjs'], dir);
    expect(out).toContain(CANONICAL_HASH);
    expect(out).toContain('ERS INVARIANCE: PASS');
  });

  it('runs the README example as CommonJS and prints the canonical hash', () => {
    const cjs = readmeExample('ers').replace(
      /import \{([^}]*)\} from '(@abraxas\/[^']+)';/g,
      (_m, names: string, from: string) => `const {${names}} = require('${from}');`,
    );
    expect(cjs).not.toContain('import ');
    writeFileSync(join(dir, 'example.cjs'), cjs);
    const out = sh(process.execPath, ['example.cjs'], dir);
    expect(out).toContain(CANONICAL_HASH);
  });

  it('exposes only its public entry points', () => {
    const script = `
      const out = {};
      for (const spec of ['@abraxas/ers', '@abraxas/ers/bindings', '@abraxas/ers/promotion', '@abraxas/ers/dist/index.cjs', '@abraxas/ers/src/scheduler.ts']) {
        try { require(spec); out[spec] = 'ok'; } catch (e) { out[spec] = e.code; }
      }
      console.log(JSON.stringify(out));`;
    writeFileSync(join(dir, 'entries.cjs'), script);
    expect(JSON.parse(sh(process.execPath, ['entries.cjs'], dir))).toEqual({
      '@abraxas/ers': 'ok',
      '@abraxas/ers/bindings': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@abraxas/ers/promotion': 'ok',
      '@abraxas/ers/dist/index.cjs': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@abraxas/ers/src/scheduler.ts': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  });
});

describe('@abraxas/runtime installed with its three dependencies', () => {
  it('runs one abraxasTick that writes the reference TrendPack', () => {
    const dir = project('runtime', ['ers', 'viz', 'artifacts', 'runtime']);
    expect(readdirSync(join(dir, 'node_modules', '@abraxas')).sort()).toEqual(['artifacts', 'ers', 'runtime', 'viz']);
    const v = runtimeVectors.find((r) => r.shadow_tasks.length > 0);
    if (v === undefined) throw new Error('no runtime vector with shadow tasks');
    const script = `
      const { abraxasTick } = require('@abraxas/runtime');
      const ok = () => ({ ok: true });
      abraxasTick({
        tick: ${v.tick}, runId: ${JSON.stringify(v.run_id)}, mode: ${JSON.stringify(v.mode)}, context: {},
        artifactsDir: 'artifacts', runSignal: ok, runCompress: ok, runOverlay: ok,
        runShadowTasks: Object.fromEntries(${JSON.stringify(v.shadow_tasks)}.map((n) => [n, ok])),
      }).then((r) => console.log(JSON.stringify(r.artifacts)));`;
    writeFileSync(join(dir, 'tick.cjs'), script);
    const artifacts = JSON.parse(sh(process.execPath, ['tick.cjs'], dir)) as { trendpack: string };
    expect(readFileSync(join(dir, artifacts.trendpack), 'utf8')).toBe(v.expect.trendpack_json);
    expect(readFileSync(join(dir, 'artifacts', v.expect.trendpack_rel_path), 'utf8')).toBe(v.expect.trendpack_json);
  });
});
