/**
 * The repository's command scripts (`pnpm demo`, `pnpm invariance`, `pnpm artifacts`) leave stdout
 * to the program: the build step before it writes to stderr, so `pnpm -s demo | …` pipes the
 * program's output alone. Each script from the root package.json is run as pnpm runs it (`sh -c`,
 * arguments appended) with a stand-in `turbo` first on the PATH that, like turbo, prints its banner
 * on stdout (the packages are already built by then); the programs themselves run for real.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const work = mkdtempSync(join(tmpdir(), 'abraxas-root-scripts-'));
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

const BANNER = '\n   • turbo 2\n   • Running build in 10 packages\n\n Tasks:    5 successful, 5 total\n';
const fakeBin = join(work, 'bin');
mkdirSync(fakeBin);
writeFileSync(join(fakeBin, 'turbo'), `#!/bin/sh\nprintf '%s' '${BANNER}'\n`);
chmodSync(join(fakeBin, 'turbo'), 0o755);

/** Runs root script `name` with `args` as pnpm would (in the repo root, arguments appended), returning its stdout. */
function runScript(name: string, args: readonly string[]): string {
  const script = scripts[name];
  if (script === undefined) throw new Error(`the root package.json has no "${name}" script`);
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeBin}:${process.env.PATH ?? ''}` };
  delete env.npm_lifecycle_event;
  delete env.INIT_CWD;
  return execFileSync('sh', ['-c', `${script} ${quoted}`], { cwd: repoRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const demoOut = join(work, 'demo-out');
let demoStdout = '';
beforeAll(() => {
  demoStdout = runScript('demo', ['--ticks', '2', '--out', demoOut, '--no-fsync']);
});

describe('root command scripts keep the build\'s output off stdout', () => {
  it('pnpm demo: stdout is the demo\'s output alone', () => {
    expect(demoStdout).not.toContain('turbo');
    expect(demoStdout).toMatch(new RegExp(`^Running 2 ticks of run demo into ${demoOut}\\n`));
    expect(demoStdout).toMatch(/\n {2}manifest {3}\S+demo\.manifest\.json\n$/);
  });

  it('pnpm invariance: stdout is the gate\'s verdict alone', () => {
    const stdout = runScript('invariance', ['--runs', '3']);
    expect(stdout).not.toContain('turbo');
    expect(stdout).toMatch(/^ERS INVARIANCE: PASS/);
  });

  it('pnpm artifacts verify <dir> <runId>: runs abraxas-artifacts from the repository root', () => {
    const stdout = runScript('artifacts', ['verify', demoOut, 'demo']);
    // Two ticks of a TrendPack, a RunIndex, a decision record and a ResultsPack, the run header and the stability verdict.
    expect(stdout).toMatch(new RegExp(`^run demo in ${demoOut}\\n {2}checked {4}10 listed artifacts\\n`));
    expect(stdout).toContain('INTACT');
    expect(runScript('artifacts', ['--version'])).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
