import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArtifactError, ArtifactValidationError, ArtifactWriter, isValidRunId, readManifest, verifyRun, type WriteJsonOptions } from '../src/index.js';
import { listTree, tempDir } from './support/fs.js';

// Names another file system would alter, and system errors: refused or reported as the package's
// own errors, with the path and a hint; the command prints one line.

const good: WriteJsonOptions = { runId: 'R', tick: 0, kind: 'k', schema: 'S', obj: 1, relPath: 'v/R/a.json' };

describe('names that Windows or a case-insensitive file system would alter', () => {
  it.each(['CON', 'nul', 'Aux', 'aux.json', 'COM1', 'lpt9.tar.gz', 'prn', 'R.', 'run-1.'])('refuses the run id %s', (runId) => {
    expect(isValidRunId(runId)).toBe(false);
  });

  it.each(['CONSOLE', 'nully', 'R.1', 'com10'])('still accepts the run id %s', (runId) => {
    expect(isValidRunId(runId)).toBe(true);
  });

  it.each([
    ['v/R/aux.json', 'segment "aux.json"'],
    ['v/R/NUL', 'segment "NUL"'],
    ['con/R/a.json', 'segment "con"'],
    ['v./R/a.json', 'segment "v."'],
    ['v/R/a.', 'segment "a."'],
    ['Manifests/R/a.json', "must not be inside 'manifests/' in any letter case"],
    ['MANIFESTS/R/a.json', "must not be inside 'manifests/' in any letter case"],
  ])('refuses the relPath %s and writes nothing', async (relPath, rule) => {
    const dir = tempDir();
    const err = await new ArtifactWriter(dir).writeJson({ ...good, relPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactValidationError);
    expect((err as Error).message).toContain(`ArtifactWriter.writeJson: relPath ${rule}`);
    expect(listTree(dir)).toEqual([]);
  });
});

describe('system errors become the package\'s errors', () => {
  it('an artifacts folder that is a file', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    for (const attempt of [new ArtifactWriter(file).writeJson(good), readManifest(file, 'R'), verifyRun(file, 'R')]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactValidationError);
      expect((err as Error).message).toContain(`artifactsDir must be a folder (or a path where one can be created); ${JSON.stringify(file)} is not`);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a folder of the path that is a file, and a NUL character in the folder path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'v'), 'x');
    const err = await new ArtifactWriter(dir).writeJson(good).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactValidationError);
    expect((err as Error).message).toContain('relPath must stay inside the artifacts folder; "v" is not a folder');
    expect(() => new ArtifactWriter('a\0b')).toThrow('new ArtifactWriter: artifactsDir must not contain a NUL character');
    await expect(readManifest('a\0b', 'R')).rejects.toBeInstanceOf(ArtifactValidationError);
    await expect(verifyRun('a\0b', 'R')).rejects.toBeInstanceOf(ArtifactValidationError);
  });

  it('a manifests folder that is a file: readers report it, never a raw ENOTDIR', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'manifests'), 'x');
    const err = await readManifest(dir, 'R').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toContain('manifests is not a folder');
    const report = await verifyRun(dir, 'R');
    expect(report.problems).toEqual([expect.objectContaining({ path: 'manifests', problem: 'tampered' })]);
  });
});

describe('the command line on errors', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
  const bin = fileURLToPath(new URL(`../${pkg.bin['abraxas-artifacts'] ?? ''}`, import.meta.url));
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('prints one line and exits 2 for a run it cannot check (a reserved name)', () => {
    const r = cli('verify', tempDir(), 'CON');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^abraxas-artifacts: verifyRun: runId must be 1-128 characters .*Windows reserves/)]);
    expect(r.status).toBe(2);
  });

  it('reports a folder where the lock file goes as a problem, never with a stack trace', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'manifests'));
    writeFileSync(join(dir, 'manifests', 'R.manifest.json'), 'x');
    mkdirSync(join(dir, 'manifests', 'R.lock'));
    const r = cli('verify', dir, 'R');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('tampered  manifests/R.lock: verifyRun: manifests/R.lock is not a regular file');
    expect(r.status).toBe(1);
  });
});
