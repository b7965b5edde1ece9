/**
 * copyRun checks what the source hands out as read back from disk: a source record whose bytes
 * (sealed consistently, as a forger would) are not canonical JSON is the source's damage, an
 * ArtifactCorruptError naming the record, and nothing is written to the target.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactCorruptError, ArtifactWriter, copyRun, FileStore } from '../src/index.js';
import { tempDir } from './support/fs.js';

const RUN = 'C';

/** New bytes for `relPath`, its journal line given their size and SHA-256, derived files dropped. */
function forge(dir: string, relPath: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(join(dir, ...relPath.split('/')), bytes);
  const journal = join(dir, 'manifests', `${RUN}.manifest.log`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lines = readFileSync(journal, 'utf8').split('\n').map((l) =>
    l.includes(`"path":${JSON.stringify(relPath)}`) ? l.replace(/"bytes":\d+/, `"bytes":${String(bytes.length)}`).replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${sha256}"`) : l,
  );
  writeFileSync(journal, lines.join('\n'));
  for (const name of readdirSync(join(dir, 'manifests'))) if (!name.endsWith('.log')) unlinkSync(join(dir, 'manifests', name));
}

describe('copyRun from a damaged source', () => {
  it.each([
    ['a lone surrogate', '{"v":"\\ud83d"}', 'its value at $.v is a string with a lone surrogate'],
    ['an integer beyond 2^53', '{"v":9007199254740993}', 'its value at $.v is 9007199254740992, beyond ±(2^53 − 1)'],
    ['1,001 levels of nesting', `{"v":${'['.repeat(1000)}${']'.repeat(1000)}}`, 'nests deeper than 1000 arrays and objects'],
    ['a key given twice', '{"v":1,"v":2}', 'its copy would have other bytes'],
  ])('a record holding %s is the source\'s damage, and the target stays empty', async (_what, text, rule) => {
    const src = tempDir();
    const w = new ArtifactWriter(src, { fsync: false });
    for (let t = 0; t < 3; t++) await w.writeJson({ runId: RUN, tick: t, kind: 'k', schema: 'S.v0', obj: { v: t }, relPath: `x/${RUN}/${String(t)}.json` });
    await w.close();
    forge(src, `x/${RUN}/1.json`, text);
    const dst = tempDir();
    const from = new FileStore(src, { fsync: false });
    const to = new FileStore(dst, { fsync: false });
    const err = (await copyRun('copyRun', from, RUN, to).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ArtifactCorruptError);
    expect(err.message).toContain(`copyRun: x/${RUN}/1.json does not hold canonical JSON: `);
    expect(err.message).toContain(rule);
    expect(await to.listRuns()).toEqual([]);
    await Promise.all([from.close(), to.close()]);
  });
});
