import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactValidationError, ArtifactWriter, isValidRunId, readManifest, verifyRun, type WriteJsonOptions } from '../src/index.js';
import { listTree, tempDir } from './support/fs.js';

const good: WriteJsonOptions = { runId: 'RUN-1', tick: 0, kind: 'trendpack', schema: 'TrendPack.v0', obj: { ok: true }, relPath: 'viz/RUN-1/000000.trendpack.json' };

class Weird {
  x = 1;
}

/** [what is wrong, the options, the exact message] */
const cases: [string, Record<string, unknown> | null, string][] = [
  ['options not an object', null, 'ArtifactWriter.writeJson: options must be a plain object; got null'],
  ['empty runId', { runId: '' }, `ArtifactWriter.writeJson: runId must be 1-128 characters from A-Z a-z 0-9 . _ -, start with a letter or digit, contain no '..', not be a name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension) and not end with '.'; got ""`],
  ['runId with a separator', { runId: 'a/b' }, 'runId must be 1-128'],
  ['runId with a backslash', { runId: 'a\\b' }, 'runId must be 1-128'],
  ['runId ..', { runId: '..' }, 'runId must be 1-128'],
  ['runId containing ..', { runId: 'a..b' }, 'runId must be 1-128'],
  ['runId with a control character', { runId: 'a\nb' }, 'runId must be 1-128'],
  ['runId starting with a dot', { runId: '.hidden' }, 'runId must be 1-128'],
  ['runId too long', { runId: 'a'.repeat(129) }, 'runId must be 1-128'],
  ['runId not a string', { runId: 7 }, `runId must be 1-128 characters from A-Z a-z 0-9 . _ -, start with a letter or digit, contain no '..', not be a name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension) and not end with '.'; got 7`],
  ['negative tick', { tick: -1 }, 'ArtifactWriter.writeJson: tick must be a non-negative safe integer; got -1'],
  ['fractional tick', { tick: 1.5 }, 'tick must be a non-negative safe integer; got 1.5'],
  ['unsafe tick', { tick: 2 ** 53 }, 'tick must be a non-negative safe integer'],
  ['tick as string', { tick: '1' }, 'tick must be a non-negative safe integer; got "1"'],
  ['empty kind', { kind: '' }, 'ArtifactWriter.writeJson: kind must be 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit; got ""'],
  ['kind with a slash', { kind: 'a/b' }, 'kind must be 1-64'],
  ['schema with a space', { schema: 'Trend Pack' }, 'ArtifactWriter.writeJson: schema must be 1-128 printable ASCII characters without spaces'],
  ['absolute relPath', { relPath: '/etc/RUN-1/passwd' }, `ArtifactWriter.writeJson: relPath must be relative to the artifacts folder (no leading '/'); got "/etc/RUN-1/passwd"`],
  ['traversal', { relPath: 'viz/../../RUN-1/x.json' }, `relPath must stay inside the artifacts folder (no '.' or '..' segments)`],
  ['dot segment', { relPath: 'viz/./RUN-1/x.json' }, `relPath must stay inside the artifacts folder (no '.' or '..' segments)`],
  ['backslash', { relPath: 'viz\\RUN-1\\x.json' }, `relPath must use '/' separators (no '\\')`],
  ['empty segment', { relPath: 'viz//RUN-1/x.json' }, 'relPath must not contain empty segments'],
  ['trailing slash', { relPath: 'viz/RUN-1/' }, 'relPath must not contain empty segments'],
  ['hidden file', { relPath: 'viz/RUN-1/.x.json' }, `relPath segment ".x.json" must be 1-255 characters from A-Z a-z 0-9 . _ -, not start with '.', not be a name Windows reserves`],
  ['drive letter', { relPath: 'C:/RUN-1/x.json' }, 'relPath segment "C:"'],
  ['inside manifests/', { relPath: 'manifests/RUN-1/x.json' }, `relPath must not be inside 'manifests/' in any letter case (reserved for the ledger)`],
  ['not in a folder named after the run', { relPath: 'viz/OTHER/x.json' }, 'relPath must be a file inside a folder named after the run (…/RUN-1/<file>)'],
  ['a bare file name', { relPath: 'x.json' }, 'relPath must be a file inside a folder named after the run'],
  ['undefined inside obj', { obj: { a: [1, { b: undefined }] } }, 'ArtifactWriter.writeJson: obj.a[1].b must be exact JSON: it is undefined (JSON has no undefined)'],
  ['NaN in obj', { obj: { score: Number.NaN } }, 'obj.score must be exact JSON: it is NaN (JSON has no NaN or Infinity)'],
  ['BigInt obj', { obj: 1n }, 'ArtifactWriter.writeJson: obj must be exact JSON: it is a BigInt (not a JSON number)'],
  ['class instance in obj', { obj: { w: new Weird() } }, 'obj.w must be exact JSON: it is an instance of Weird (only plain arrays and objects)'],
  ['extra not an object', { extra: ['mode'] }, 'ArtifactWriter.writeJson: extra must be a plain object; got an array'],
  ['extra with a function', { extra: { f: () => 1 } }, 'ArtifactWriter.writeJson: extra.f must be exact JSON: it is a function'],
];

describe('ArtifactWriter.writeJson input rules', () => {
  it.each(cases)('rejects %s with ArtifactValidationError and writes nothing', async (_what, patch, message) => {
    const dir = join(tempDir(), 'artifacts');
    const w = new ArtifactWriter(dir);
    const options = (patch === null ? null : { ...good, ...patch }) as unknown as WriteJsonOptions;
    const err = await w.writeJson(options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactValidationError);
    expect((err as Error).message).toContain(message);
    expect(existsSync(dir)).toBe(false); // not even the folder
  });

  it('writes nothing into an existing run on bad input (folder listing unchanged)', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir);
    await w.writeJson(good);
    const before = listTree(dir);
    for (const [, patch] of cases.slice(1)) {
      await expect(w.writeJson({ ...good, ...patch })).rejects.toBeInstanceOf(ArtifactValidationError);
    }
    expect(listTree(dir)).toEqual(before);
  });

  it('refuses a folder under the artifacts folder that is a symbolic link (it could lead outside)', async () => {
    const dir = tempDir();
    const outside = tempDir('outside-');
    symlinkSync(outside, join(dir, 'viz'));
    const err = await new ArtifactWriter(dir).writeJson(good).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactValidationError);
    expect((err as Error).message).toContain('relPath must stay inside the artifacts folder; "viz" is a symbolic link');
    expect(listTree(outside)).toEqual([]);
  });

  it('accepts the documented run id alphabet and rejects the rest', () => {
    expect(['R', 'RUN-001', 'a.b_c-9', '9', 'x'.repeat(128)].every(isValidRunId)).toBe(true);
    expect(['', '-a', '_a', 'a b', 'a:b', 'é', 'a..b', 'x'.repeat(129), 3].some(isValidRunId)).toBe(false);
  });

  it('checks the constructor and the readers too', async () => {
    expect(() => new ArtifactWriter('')).toThrow('new ArtifactWriter: artifactsDir must be a non-empty string; got ""');
    expect(() => new ArtifactWriter('x', { lockTimeoutMs: -1 })).toThrow('new ArtifactWriter: options.lockTimeoutMs must be a non-negative safe integer; got -1');
    expect(() => new ArtifactWriter('x', { fsync: 'yes' as unknown as boolean })).toThrow('new ArtifactWriter: options.fsync must be a boolean; got "yes"');
    await expect(readManifest(tempDir(), '../x')).rejects.toThrow('readManifest: runId must be 1-128');
    await expect(verifyRun(tempDir(), 'a/b')).rejects.toThrow('verifyRun: runId must be 1-128');
  });
});
