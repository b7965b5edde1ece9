import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArtifactWriter, manifestRootHash, readManifest } from '../src/index.js';
import { trendpackRelPath } from './support/paths.js';
import { tempDir } from './support/fs.js';

// The built command, as installed: the package's `bin` entry.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
const bin = fileURLToPath(new URL(`../${pkg.bin['abraxas-artifacts'] ?? ''}`, import.meta.url));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(async () => {
  dir = tempDir();
  const w = new ArtifactWriter(dir, { fsync: false });
  for (let tick = 0; tick < 3; tick++) {
    await w.writeJson({ runId: 'CLI-1', tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: { tick }, relPath: trendpackRelPath('CLI-1', tick) });
  }
});

describe('abraxas-artifacts verify <dir> <runId>', () => {
  it('is the bin of the package, with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('exits 0 and reports an intact run with its root hash', async () => {
    const r = cli('verify', dir, 'CLI-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run CLI-1 in');
    expect(r.stdout).toContain('checked    3 listed artifacts');
    expect(r.stdout).toContain(`root hash  ${manifestRootHash(await readManifest(dir, 'CLI-1'))}`);
    expect(r.stdout).toContain('INTACT');
    // Without a reference rule the report says references were not checked, rather than implying they were.
    expect(r.stdout).toContain('references not checked (--references <module> checks them');
  });

  it('exits 1 and lists each problem', () => {
    const d = tempDir();
    const w = new ArtifactWriter(d, { fsync: false });
    return w
      .writeJson({ runId: 'CLI-2', tick: 0, kind: 'trendpack', schema: 'TrendPack.v0', obj: { a: 1 }, relPath: trendpackRelPath('CLI-2', 0) })
      .then((rec) => {
        writeFileSync(rec.path, '{"a":2}');
        writeFileSync(join(d, 'viz', 'CLI-2', 'stray.json'), '{}');
        const r = cli('verify', d, 'CLI-2');
        expect(r.code).toBe(1);
        expect(r.stdout).toContain('PROBLEMS: 2');
        expect(r.stdout).toMatch(/tampered {2}viz\/CLI-2\/000000\.trendpack\.json: has sha256 [0-9a-f]{64}; the manifest says [0-9a-f]{64}/);
        expect(r.stdout).toContain('unlisted  viz/CLI-2/stray.json: a file the manifest does not list');
        const json = cli('verify', d, 'CLI-2', '--json');
        expect(json.code).toBe(1);
        expect((JSON.parse(json.stdout) as { problems: { problem: string }[] }).problems.map((p) => p.problem)).toEqual(['tampered', 'unlisted']);
      });
  });

  it('checks references with the rule a module exports (--references), and none without it', async () => {
    const d = tempDir();
    const w = new ArtifactWriter(d, { fsync: false });
    const tp = await w.writeJson({ runId: 'CLI-R', tick: 0, kind: 'trendpack', schema: 'TrendPack.v0', obj: { a: 1 }, relPath: trendpackRelPath('CLI-R', 0) });
    await w.writeJson({ runId: 'CLI-R', tick: 0, kind: 'citation', schema: 'Citation.v1', obj: { to: tp.rel_path, sha: '0'.repeat(64) }, relPath: 'cite/CLI-R/0.json' });
    const rule = fileURLToPath(new URL('./fixtures/reference-rule.mjs', import.meta.url));
    const r = cli('verify', d, 'CLI-R', '--references', rule);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`bad_ref  cite/CLI-R/0.json: sha is "${'0'.repeat(64)}"; the manifest lists ${tp.rel_path} with ${tp.sha256}`);
    expect(cli('verify', d, 'CLI-R').code).toBe(0);
    const none = cli('verify', d, 'CLI-R', '--references', fileURLToPath(new URL('./fixtures/no-rule.mjs', import.meta.url)));
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^abraxas-artifacts: abraxas-artifacts verify: --references must name a module that exports RECORD_REFERENCES; got "[^\n]*"\n$/);
    // A module that is not there, or throws as it loads, is named as the option's, not as a file of the folder.
    const broken = join(tempDir(), 'throws.mjs');
    writeFileSync(broken, 'throw new Error("the rule module failed");\n');
    const absent = join(tempDir(), 'absent.mjs');
    for (const [spec, why] of [[absent, /Cannot find module/], [broken, /the rule module failed/]] as const) {
      const bad = cli('verify', d, 'CLI-R', '--references', spec);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^abraxas-artifacts: abraxas-artifacts verify: --references must name a module that loads \(/);
      expect(bad.stderr).toMatch(why);
    }
    // A rule that answers out of its shape is refused, naming the rule's option and the record.
    const shapeless = join(tempDir(), 'shapeless.mjs');
    writeFileSync(shapeless, 'export const RECORD_REFERENCES = { appliesTo: (r) => r.kind === "citation", references: () => null };\n');
    const out = cli('verify', d, 'CLI-R', '--references', shapeless);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^abraxas-artifacts: verifyRun: options\.references references must return \{ references: \[\.\.\.\], problems: \[\.\.\.\] \}; for "cite\/CLI-R\/0\.json" it returned; got null\n$/);
  });

  it('says there is no such run, and exits 2, for a run the folder does not hold (no root hash as a result)', () => {
    for (const args of [['verify', dir, 'NO-SUCH-RUN'], ['verify', dir, 'NO-SUCH-RUN', '--json']]) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`abraxas-artifacts verify: ${dir} holds no run NO-SUCH-RUN (no manifests/NO-SUCH-RUN.manifest.json); its runs: CLI-1\n`);
    }
    const empty = tempDir();
    expect(cli('verify', empty, 'demo').stderr).toBe(`abraxas-artifacts verify: ${empty} holds no run demo (no manifests/demo.manifest.json); it holds no runs\n`);
  });

  it('prints its version with --version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on usage errors', () => {
    expect(cli().code).toBe(2);
    expect(cli('verify', dir).code).toBe(2);
    expect(cli('verify', dir, 'CLI-1', 'extra').code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('verify', dir, 'CLI-1', '--bogus').code).toBe(2);
    const badRun = cli('verify', dir, '../etc');
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toContain('verifyRun: runId must be 1-128 characters');
    const noDir = cli('verify', join(dir, 'nope'), 'CLI-1');
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('is not a folder');
  });

  it('exits 0 for --help', () => {
    const r = cli('verify', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: abraxas-artifacts verify [options] <dir> <runId>');
  });
});
