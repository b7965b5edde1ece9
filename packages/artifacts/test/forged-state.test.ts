/**
 * State files whose checksum holds but whose contents are wrong (written so from outside, or left
 * by a bug): a writer must never let one steer a manifest patch or a lookup. Each test forges the
 * state (and sometimes the manifest), writes, then checks the manifest file the write left against
 * the journal, the journal itself, and `verifyRun`.
 */
import { canonicalJson } from '@abraxas/ers';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, FileStore, readManifest, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';

const NO_FSYNC = { fsync: false } as const;

const files = (dir: string) => ({
  manifest: join(dir, 'manifests', 'R.manifest.json'),
  journal: join(dir, 'manifests', 'R.manifest.log'),
  state: join(dir, 'manifests', 'R.manifest.state'),
});

const write = (dir: string, tick: number, kind = 'k', extra?: { [key: string]: string }) =>
  new ArtifactWriter(dir, NO_FSYNC).writeJson({ runId: 'R', tick, kind, schema: 'S.v0', obj: { tick, kind }, relPath: `x/R/${String(tick)}${kind}.json`, extra });

async function seed(dir: string, ticks: number): Promise<void> {
  for (let t = 0; t < ticks; t++) await write(dir, t);
}

/** The state file's body lines (the head, one per tail record, then ''). */
function stateLines(dir: string): string[] {
  const raw = readFileSync(files(dir).state, 'utf8');
  return raw.slice(raw.indexOf('\n') + 1).split('\n');
}

/** Writes `body` as the state file, with a checksum that holds. */
function writeState(dir: string, body: string): void {
  writeFileSync(files(dir).state, `${createHash('sha256').update(body).digest('hex')} ${String(Buffer.byteLength(body))}\n${body}`);
}

/** The state with its last tail line's record text replaced by `json`. */
function forgeLastRecord(dir: string, json: string): void {
  const lines = stateLines(dir);
  const last = lines.length - 2;
  lines[last] = (lines[last] as string).replace(/ \{.*\}$/, ` ${json}`);
  writeState(dir, lines.join('\n'));
}

/** The manifest file as the last write left it is the journal's, and the run verifies. */
async function expectIntact(dir: string, ticks: string[]): Promise<void> {
  const left = readFileSync(files(dir).manifest, 'utf8');
  const manifest = await readManifest(dir, 'R'); // rebuilt from the journal
  expect(manifest.records.map((r) => `${String(r.tick)}${r.kind}`)).toEqual(ticks);
  expect(left, 'the manifest file the write left').toBe(canonicalJson(manifest));
  expect(await verifyRun(dir, 'R')).toMatchObject({ ok: true, checked: ticks.length, problems: [] });
}

describe('a state file whose checksum holds but whose contents are wrong', () => {
  it.each(['null', '[]', '7'])('is not trusted when its head line is %s (JSON, but not a head)', async (head) => {
    const dir = tempDir();
    await seed(dir, 4);
    writeState(dir, `${head}\n`);
    await write(dir, 4);
    await expectIntact(dir, ['0k', '1k', '2k', '3k', '4k']);
  });

  it('is not trusted when its offsets do not follow from the records (ascending, inside the manifest, one off)', async () => {
    const dir = tempDir();
    await seed(dir, 4);
    const lines = stateLines(dir);
    const last = lines.length - 2;
    const [offset = '', ...rest] = (lines[last] as string).split(' ');
    lines[last] = `${String(Number(offset) + 1)} ${rest.join(' ')}`;
    writeState(dir, lines.join('\n'));
    await write(dir, 3, 'a'); // sorts before tick 3 "k": a patch at the last record's offset
    await expectIntact(dir, ['0k', '1k', '2k', '3a', '3k']);
  });

  it.each([
    ['another tick (9)', (json: string) => json.replace('"tick":3', '"tick":9'), 5, 'k', ['0k', '1k', '2k', '3k', '5k']],
    ['another path', (json: string) => json.replace('x/R/3k', 'x/Q/3k'), 3, 'a', ['0k', '1k', '2k', '3a', '3k']],
    ['{} (no sort key)', () => '{}', 3, 'a', ['0k', '1k', '2k', '3a', '3k']],
    ['{"tick":99} (part of a key)', () => '{"tick":99}', 5, 'k', ['0k', '1k', '2k', '3k', '5k']],
  ] as const)('is not trusted when a tail record is not the one the manifest holds there: %s', async (_, forge, tick, kind, ticks) => {
    const dir = tempDir();
    await seed(dir, 4);
    const lines = stateLines(dir);
    const json = (lines[lines.length - 2] as string).replace(/^\d+ /, '');
    forgeLastRecord(dir, forge(json));
    await write(dir, tick, kind);
    await expectIntact(dir, [...ticks]);
  });

  it('is not trusted by a reader either: latestRecord answers from the journal, not from a forged tail', async () => {
    const dir = tempDir();
    await seed(dir, 4);
    const lines = stateLines(dir);
    forgeLastRecord(dir, (lines[lines.length - 2] as string).replace(/^\d+ /, '').replace('"tick":3', '"tick":9'));
    const latest = await new FileStore(dir, NO_FSYNC).latestRecord('R', { kind: 'k' });
    expect(latest?.record).toMatchObject({ tick: 3, path: 'x/R/3k.json' });
  });

  it('is not trusted when its record count is wrong: an idempotent write lists nothing twice', async () => {
    const dir = tempDir();
    await seed(dir, 4);
    const journal = readFileSync(files(dir).journal, 'utf8');
    const head = JSON.parse(stateLines(dir)[0] as string) as object;
    writeState(dir, `${JSON.stringify({ ...head, records: 0, tail: 0 })}\n`);
    await write(dir, 1); // already listed, same bytes
    expect(readFileSync(files(dir).journal, 'utf8')).toBe(journal);
    await expectIntact(dir, ['0k', '1k', '2k', '3k']);
  });

  it('is not trusted when it and the manifest agree on no records but the index holds some', async () => {
    const dir = tempDir();
    await seed(dir, 4);
    const f = files(dir);
    const journal = readFileSync(f.journal, 'utf8');
    const empty = '{"records":[],"run_id":"R","schema":"Manifest.v0"}';
    writeFileSync(f.manifest, empty); // before the state: its change time is not later
    const head = JSON.parse(stateLines(dir)[0] as string) as object;
    writeState(dir, `${JSON.stringify({ ...head, records: 0, tail: 0, manifest_bytes: Buffer.byteLength(empty) })}\n`);
    await write(dir, 1);
    expect(readFileSync(f.journal, 'utf8')).toBe(journal);
    await expectIntact(dir, ['0k', '1k', '2k', '3k']);
  });

  it('is not trusted when it and the manifest agree on a record with no sort key ({})', async () => {
    const dir = tempDir();
    await seed(dir, 4);
    const f = files(dir);
    const lines = stateLines(dir);
    const json = (lines[lines.length - 2] as string).replace(/^\d+ /, '');
    const manifest = readFileSync(f.manifest, 'utf8').replace(json, '{}');
    writeFileSync(f.manifest, manifest);
    const head = JSON.parse(lines[0] as string) as object;
    lines[0] = JSON.stringify({ ...head, manifest_bytes: Buffer.byteLength(manifest) });
    writeState(dir, lines.join('\n').replace(` ${json}\n`, ' {}\n'));
    await write(dir, 3, 'a'); // `{}` would sort before it: appended after, out of order
    await expectIntact(dir, ['0k', '1k', '2k', '3a', '3k']);
  });

  it.each([
    ['CRLF line ends', (l: string[]) => l.join('\r\n')],
    ['two tail lines swapped', (l: string[]) => [l[0], l[2], l[1], ...l.slice(3)].join('\n')],
    ['a tail line twice', (l: string[]) => [l[0], l[1], l[1], ...l.slice(3)].join('\n')],
    ['a tail line fewer', (l: string[]) => [l[0], ...l.slice(2)].join('\n')],
    ['a tail line more', (l: string[]) => [...l.slice(0, -1), l[l.length - 2], ''].join('\n')],
    ['an offset beyond the manifest', (l: string[]) => [...l.slice(0, -2), (l[l.length - 2] as string).replace(/^\d+/, '99999'), ''].join('\n')],
  ] as const)('is not trusted, and the run recovers, with %s', async (_, forge) => {
    const dir = tempDir();
    await seed(dir, 4);
    writeState(dir, forge(stateLines(dir)));
    await write(dir, 3, 'a');
    await expectIntact(dir, ['0k', '1k', '2k', '3a', '3k']);
  });
});

describe('a state file as writers leave it', () => {
  it('is trusted when shorter than the one it overwrote (the left-over bytes after its body are ignored)', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, NO_FSYNC);
    const long = 'x'.repeat(80);
    for (let t = 0; t < 33; t++) await w.writeJson({ runId: 'R', tick: t, kind: 'k', schema: 'S.v0', obj: { t }, relPath: `x/R/${long}${String(t)}.json` });
    const longer = statSync(files(dir).state).size;
    for (let t = 33; t < 66; t++) await w.writeJson({ runId: 'R', tick: t, kind: 'k', schema: 'S.v0', obj: { t }, relPath: `x/R/${String(t)}.json` });
    const ino = statSync(files(dir).manifest).ino;
    await write(dir, 65, 'a'); // a fresh writer: reads the state file, patches in place
    expect(statSync(files(dir).state).size, 'left-overs of the longer state remain').toBe(longer);
    expect(statSync(files(dir).manifest).ino, 'patched, not rebuilt').toBe(ino);
    expect((await verifyRun(dir, 'R')).ok).toBe(true);
  });

  it('holds byte offsets: records with non-ASCII text are patched in place, in order', async () => {
    const dir = tempDir();
    for (let t = 0; t < 4; t++) await write(dir, t, 'k', { note: `é€😀${String(t)}` });
    const ino = statSync(files(dir).manifest).ino;
    await write(dir, 3, 'a', { note: 'ü😀' });
    await write(dir, 2, 'b', { note: '€' });
    await write(dir, 5, 'k', { note: '😀😀' });
    expect(statSync(files(dir).manifest).ino, 'patched, not rebuilt').toBe(ino);
    await expectIntact(dir, ['0k', '1k', '2b', '2k', '3a', '3k', '5k']);
  });
});
