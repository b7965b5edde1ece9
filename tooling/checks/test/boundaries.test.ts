/**
 * `turbo boundaries` enforces the package graph of ARCHITECTURE.md with the tag rules of the root
 * turbo.json. This test builds a throwaway workspace with those same rules and shows that a
 * forbidden edge fails the check while an allowed one passes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const turboBin = join(createRequire(import.meta.url).resolve('turbo/package.json'), '..', 'bin', 'turbo');
const made: string[] = [];
afterAll(() => { made.forEach((d) => { rmSync(d, { recursive: true, force: true }); }); });

function workspace(edges: Record<string, { tag: string; deps?: string[] }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'abraxas-boundaries-'));
  made.push(dir);
  writeFileSync(join(dir, 'turbo.json'), readFileSync(join(repoRoot, 'turbo.json')));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, packageManager: 'pnpm@10.34.9' }));
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  for (const [name, { tag, deps = [] }] of Object.entries(edges)) {
    const pkgDir = join(dir, 'packages', name);
    mkdirSync(pkgDir, { recursive: true });
    const dependencies = Object.fromEntries(deps.map((d) => [`@fixture/${d}`, 'workspace:*']));
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: `@fixture/${name}`, version: '1.0.0', dependencies }));
    writeFileSync(join(pkgDir, 'turbo.json'), JSON.stringify({ extends: ['//'], tags: [tag] }));
  }
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

function boundaries(dir: string) {
  const r = spawnSync(process.execPath, [turboBin, 'boundaries'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('turbo boundaries bites', () => {
  it('accepts the designed graph: viz and artifacts on ers, runtime on all three, apps on runtime', () => {
    const dir = workspace({
      ers: { tag: 'core' },
      viz: { tag: 'feature', deps: ['ers'] },
      artifacts: { tag: 'io', deps: ['ers'] },
      runtime: { tag: 'orchestration', deps: ['ers', 'viz', 'artifacts'] },
      demo: { tag: 'app', deps: ['runtime', 'viz', 'artifacts', 'ers'] },
    });
    const r = boundaries(dir);
    expect(r.output).toContain('no issues found');
    expect(r.status).toBe(0);
  });

  it.each([
    ['ers depending on viz', { ers: { tag: 'core', deps: ['viz'] }, viz: { tag: 'feature' } }, 'feature'],
    ['ers depending on the runtime', { ers: { tag: 'core', deps: ['runtime'] }, runtime: { tag: 'orchestration' } }, 'orchestration'],
    ['viz depending on artifacts (no IO in viz)', { viz: { tag: 'feature', deps: ['artifacts'] }, artifacts: { tag: 'io' } }, 'io'],
    ['artifacts depending on viz', { artifacts: { tag: 'io', deps: ['viz'] }, viz: { tag: 'feature' } }, 'feature'],
    ['a package depending on an app', { runtime: { tag: 'orchestration', deps: ['demo'] }, demo: { tag: 'app' } }, 'app'],
  ])('refuses %s', (_label, edges, tag) => {
    const r = boundaries(workspace(edges));
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`tag listed in denylist`);
    expect(r.output).toContain(tag);
  });
});
