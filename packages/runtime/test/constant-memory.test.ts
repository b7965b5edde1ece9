/**
 * Reading a long run in constant memory: `iterateTicks`, `readTrendPack`, `iterateRunRecords`,
 * `listRuns` and `abraxas-run export` run in child processes whose heap is capped far below the
 * run's manifest (each record's manifest entry carries padding, so the manifest is what grows).
 * The control proves the cap bites: reading that manifest whole (`readManifest`, what these
 * readers did before) runs out of heap under the same cap.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifest, verifyRun } from '@abraxas/artifacts';
import { tempDir } from './support/fs.js';
import { writeLongRun } from './support/long-run.js';

const TICKS = 3000;
const PAD_BYTES = 5000;
/** The heap cap of the children, in MB: the manifest is about 15 MB of text, and reading it whole takes several times that. */
const HEAP_MB = 24;
const RUN = 'LONG-RUN';
const dist = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;
const bin = fileURLToPath(new URL('../bin/abraxas-run.js', import.meta.url));

interface Child {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${String(HEAP_MB)}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const script = (body: string): string[] => ['--input-type=module', '-e', `import * as rt from ${JSON.stringify(dist)};\n${body}`];

let dir: string;
beforeAll(async () => {
  dir = await tempDir('constant-memory');
  await writeLongRun(dir, RUN, TICKS, PAD_BYTES);
}, 300_000);

describe('a long run read in constant memory', () => {
  it('control: its manifest read whole does not fit under the heap cap', async () => {
    expect(statSync(`${dir}/manifests/${RUN}.manifest.json`).size).toBeGreaterThan(TICKS * PAD_BYTES);
    const r = await run(script(`const m = await rt.readManifest(${JSON.stringify(dir)}, ${JSON.stringify(RUN)}); console.log(m.records.length);`));
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/heap out of memory/);
  }, 300_000);

  it('iterateTicks, readTrendPack, iterateRunRecords and listRuns read every tick under it', async () => {
    const at = JSON.stringify({ artifactsDir: dir, runId: RUN });
    const r = await run(
      script(`
        let ticks = 0, last = -1, errors = 0;
        for await (const t of rt.iterateTicks(${at})) { ticks++; last = t.tick; errors += t.trendpack.stats.errors; }
        const one = await rt.readTrendPack({ ...${at}, tick: ${String(TICKS - 1)} });
        let records = 0;
        for await (const rec of rt.iterateRunRecords({ ...${at}, kind: 'trendpack', fromTick: 10 })) records++;
        const runs = await rt.listRuns({ artifactsDir: ${JSON.stringify(dir)} });
        console.log(JSON.stringify({ ticks, last, errors, one: one.tick, records, runs }));
      `),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ticks: number; last: number; errors: number; one: number; records: number; runs: { run_id: string; ticks: number; records: number; root_hash: string }[] };
    const manifest = await readManifest(dir, RUN);
    expect(out).toMatchObject({ ticks: TICKS, last: TICKS - 1, errors: 0, one: TICKS - 1, records: TICKS - 10 });
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0]).toMatchObject({ run_id: RUN, ticks: TICKS, records: manifest.records.length });
    expect(out.runs[0]?.root_hash).toBe((await verifyRun(dir, RUN)).root_hash);
  }, 300_000);

  it('abraxas-run export streams every tick as CSV under it', async () => {
    const r = await run([bin, 'export', dir, RUN, '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(TICKS + 1);
    expect(lines[0]).toMatch(/^run_id,tick,/);
    expect(lines[TICKS]).toMatch(new RegExp(`^${RUN},${String(TICKS - 1)},`));
  }, 300_000);
});
