import { canonicalJson } from '@abraxas/ers';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCorruptError, ArtifactWriter, manifestRootHash, readManifest, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

// Readers versus the durable log: no reader returns a record the journal does not hold, and damage
// to the journal is found at the next write or read, naming the file and the line.

const NO_FSYNC = { fsync: false } as const;
const file = (dir: string, ext: string): string => join(dir, 'manifests', `R.manifest.${ext}`);

async function seed(dir: string, ticks: number): Promise<void> {
  const w = new ArtifactWriter(dir, NO_FSYNC);
  for (let t = 0; t < ticks; t++) await w.writeJson({ runId: 'R', tick: t, kind: 'k', schema: 'S', obj: { t }, relPath: `x/R/${String(t)}.json` });
}

/** The journal's lines, the records it holds, as canonical text. */
const journalLines = (dir: string): string[] => readFileSync(file(dir, 'log'), 'utf8').split('\n').filter((l) => l !== '');

/**
 * Someone else edits a file later: change times have the kernel clock's tick (a few ms), so an edit
 * within the same tick as the writer's last write cannot be told apart by its time (readers still
 * check every line). Waits out that tick.
 */
const later = (): Promise<void> => new Promise((r) => setTimeout(r, 25));

/** Flips one hex digit of the first sha256 in the file, keeping its size. */
function flipHexDigit(path: string): void {
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('"sha256":"') + '"sha256":"'.length;
  const flipped = text[at] === '0' ? '1' : '0';
  writeFileSync(path, text.slice(0, at) + flipped + text.slice(at + 1));
}

describe('readers and writers against the durable log', () => {
  it('readManifest returns the journal\'s records after a same-size edit of manifest.json, and the root hashes agree', async () => {
    const dir = tempDir();
    await seed(dir, 5);
    const truth = journalLines(dir);
    flipHexDigit(file(dir, 'json'));
    const report = await verifyRun(dir, 'R');
    expect(report.problems).toEqual([expect.objectContaining({ path: 'manifests/R.manifest.json', problem: 'tampered' })]);
    const m = await readManifest(dir, 'R');
    expect(m.records.map((r) => canonicalJson(r as never)).sort()).toEqual([...truth].sort());
    expect(manifestRootHash(m)).toBe(report.root_hash);
    // The reader also put the file back as the journal says.
    expect(JSON.parse(readFileSync(file(dir, 'json'), 'utf8'))).toEqual(JSON.parse(canonicalJson(m as never)));
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });

  it('the next writer does not keep a same-size forgery of manifest.json', async () => {
    const dir = tempDir();
    await seed(dir, 5);
    await later();
    flipHexDigit(file(dir, 'json'));
    await new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 5, kind: 'k', schema: 'S', obj: { t: 5 }, relPath: 'x/R/5.json' });
    const onDisk = JSON.parse(readFileSync(file(dir, 'json'), 'utf8')) as { records: unknown[] };
    const held = new Set(journalLines(dir));
    expect(onDisk.records).toHaveLength(6);
    for (const r of onDisk.records) expect(held.has(canonicalJson(r as never))).toBe(true);
  });

  it.each(['a long-lived writer', 'a fresh writer', 'readManifest', 'verifyRun'])(
    'a same-size garble of a journal line is found by %s next, naming the file and the line',
    async (who) => {
      const dir = tempDir();
      const w = new ArtifactWriter(dir, NO_FSYNC);
      for (let t = 0; t < 4; t++) await w.writeJson({ runId: 'R', tick: t, kind: 'k', schema: 'S', obj: { t }, relPath: `x/R/${String(t)}.json` });
      const lines = journalLines(dir);
      lines[2] = (lines[2] as string).replace('{"bytes"', '{"bytez"');
      await later();
      writeFileSync(file(dir, 'log'), `${lines.join('\n')}\n`);
      const next = { runId: 'R', tick: 9, kind: 'k', schema: 'S', obj: 9, relPath: 'x/R/9.json' };
      const attempt =
        who === 'a long-lived writer' ? w.writeJson(next)
        : who === 'a fresh writer' ? new ArtifactWriter(dir, NO_FSYNC).writeJson(next)
        : who === 'readManifest' ? readManifest(dir, 'R')
        : verifyRun(dir, 'R').then((r) => {
            throw new ArtifactCorruptError('verifyRun', r.problems[0]?.path ?? '', r.problems[0]?.detail ?? 'no problem reported');
          });
      const err = (await attempt.catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(ArtifactCorruptError);
      expect(err.message).toContain('manifests/R.manifest.log line 3 has an unknown field "bytez"');
      expect(journalLines(dir)).toEqual(lines); // nothing appended after the damage
    },
  );

  // JSON.parse reads these, canonical JSON cannot write them: the record could be neither hashed nor
  // rewritten, so it is damage like any other, never a CanonicalJsonError from deep inside a reader.
  const unwritable = [
    ['a lone surrogate', '{"m":"\\ud83d"}', 'extra.m is a string with a lone surrogate'],
    ['an integer beyond 2^53', '{"n":9007199254740993}', 'extra.n is 9007199254740992, beyond ±(2^53 − 1)'],
    // extra is the first level and extra.n the second: the 1,001st is extra.n and 999 more.
    ['1,001 levels of nesting', `{"n":${'['.repeat(1001)}${']'.repeat(1001)}}`, `extra.n${'[0]'.repeat(999)} nests deeper than 1000 arrays and objects`],
  ] as const;
  it.each(unwritable.flatMap(([what, extra, rule]) => ['a fresh writer', 'readManifest', 'verifyRun'].map((who) => [what, who, extra, rule] as const)))(
    'a journal line whose extra holds %s is damage to %s, naming the file and the line',
    async (_what, who, extra, rule) => {
      const dir = tempDir();
      await seed(dir, 3);
      const lines = journalLines(dir);
      lines[1] = (lines[1] as string).replace(/^\{"bytes":(\d+),/, `{"bytes":$1,"extra":${extra},`);
      await later();
      writeFileSync(file(dir, 'log'), `${lines.join('\n')}\n`);
      const attempt =
        who === 'a fresh writer' ? new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick: 9, kind: 'k', schema: 'S', obj: 9, relPath: 'x/R/9.json' })
        : who === 'readManifest' ? readManifest(dir, 'R')
        : verifyRun(dir, 'R').then((r) => {
            expect(r.problems.map((p) => [p.path, p.problem])).toEqual([['manifests/R.manifest.log', 'tampered']]);
            throw new ArtifactCorruptError('verifyRun', r.problems[0]?.path ?? '', r.problems[0]?.detail ?? 'no problem reported');
          });
      const err = (await attempt.catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(ArtifactCorruptError);
      expect(err.message).toContain(`manifests/R.manifest.log line 2 has an extra canonical JSON cannot write: ${rule}`);
      expect(journalLines(dir)).toEqual(lines);
    },
  );
});
