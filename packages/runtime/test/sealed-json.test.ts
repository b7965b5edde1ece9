/**
 * Every sealed record is canonical JSON. A record forged together with its seal can still parse to
 * what canonical JSON refuses (a lone surrogate, an integer beyond 2^53, nesting past the depth
 * limit) or writes otherwise (a key given twice, other spacing): each reader reports that as damage
 * in its own error class, naming the file, and never hands the value on to break a later hash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, ArtifactConflictError, readRunHeader, readTickResults, readTrendPack, ResultsPackError, RunHeaderError, TrendPackCorruptError } from '../src/index.js';
import { forgeSealed } from './support/forge.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const work = pipeline();
const run = { runId: 'R', mode: 'test', fsync: false } as const;

async function sealedRun(): Promise<string> {
  const dir = await tempDir('sealed-json');
  for (let t = 0; t < 2; t++) await abraxasTick({ ...run, artifactsDir: dir, sealResults: true, runHeader: true, ...work(t) });
  return dir;
}

const text = (dir: string, relPath: string): string => readFileSync(join(dir, ...relPath.split('/')), 'utf8');

/** Each forgery: how it changes a record's canonical text (each names the run's mode), and what the reader must say. */
const forgeries = [
  ['a lone surrogate', (t: string) => t.replace('"mode":"test"', '"mode":"test\\ud83d"'), 'is a string with a lone surrogate'],
  ['an integer beyond 2^53', (t: string) => t.replace('"mode":"test"', '"mode":9007199254740993'), 'is 9007199254740992, beyond ±(2^53 − 1)'],
  ['1,001 levels of nesting', (t: string) => t.replace('"mode":"test"', `"mode":${'['.repeat(1001)}${']'.repeat(1001)}`), 'nests deeper than 1000 arrays and objects'],
  ['a key given twice', (t: string) => t.replace('"mode":"test"', '"mode":"other","mode":"test"'), 'its bytes are not the canonical text of what they hold'],
  ['other spacing', (t: string) => t.replace('"mode":"test"', '"mode": "test"'), 'its bytes are not the canonical text of what they hold'],
] as const;

/** Each sealed record of the run, and the reader that must refuse its forgery. */
const readers = [
  ['a ResultsPack', 'results/R/000001.results.json', ResultsPackError, (dir: string) => readTickResults({ artifactsDir: dir, runId: 'R', tick: 1 })],
  ['the run header', 'header/R/run.header.json', RunHeaderError, (dir: string) => readRunHeader({ artifactsDir: dir, runId: 'R' })],
  ['a TrendPack', 'viz/R/000001.trendpack.json', TrendPackCorruptError, (dir: string) => readTrendPack({ artifactsDir: dir, runId: 'R', tick: 1 })],
] as const;

describe('a sealed record that is not canonical JSON is damage to its reader', () => {
  it.each(forgeries.flatMap(([what, change, rule]) => readers.map(([record, relPath, errorClass, read]) => [what, record, change, rule, relPath, errorClass, read] as const)))(
    '%s in %s',
    async (_what, _record, change, rule, relPath, errorClass, read) => {
      const dir = await sealedRun();
      const forged = change(text(dir, relPath));
      expect(forged).not.toBe(text(dir, relPath));
      forgeSealed(dir, 'R', relPath, forged);
      const err = (await read(dir).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(errorClass);
      expect(err.message).toContain(`${relPath} is not canonical JSON: `);
      expect(err.message).toContain(rule);
    },
  );
});

describe('a conflict with a stored value of any depth is explained in a line', () => {
  it('a run header whose fingerprint was forged 20,000 levels deep: the resumed tick is refused with the differing field, not a stack overflow', async () => {
    const dir = await sealedRun();
    const relPath = 'header/R/run.header.json';
    forgeSealed(dir, 'R', relPath, text(dir, relPath).replace('"fingerprint":null', `"fingerprint":${'['.repeat(20000)}${']'.repeat(20000)}`));
    const err = (await abraxasTick({ ...run, artifactsDir: dir, sealResults: true, runHeader: true, ...work(2) }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ArtifactConflictError);
    expect(err.message).toMatch(/fingerprint: stored \[{20,}\.\.\., this run null/);
    expect(err.message.length).toBeLessThan(1000);
  });
});
