/**
 * The artifact tree a fixed set of runs writes, pinned file by file (SHA-256 of every file's bytes).
 * The fixture was recorded once from the code as it stood before the storage contract and promotion
 * refactor: it is the one test whose expected values come from the implementation itself, because
 * its purpose is to prove a restructuring writes exactly the tree it wrote before.
 * An intended format change re-records it (and says so in its changeset). A ledger state file
 * names the machine's boot (so that derived files are rebuilt after a reboot): it is pinned with its
 * boot id replaced by `BOOT` and without its checksum line. The runs above use no
 * optional record, so their tree is the one of before; a second pin covers the runs that seal the
 * optional records (`sealResults`), recorded when they were introduced.
 */
import { sha256Hex } from '@abraxas/ers';
import { filesOf } from '@abraxas/store-contract';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, type MetricSpec } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { driftOn, failOn, steady } from './support/metrics.js';
import { pipeline, type TestContext } from './support/pipeline.js';

const FIXTURE = new URL('./fixtures/tree-pin.json', import.meta.url);
const RECORDS_FIXTURE = new URL('./fixtures/tree-pin-records.json', import.meta.url);
const policy = { shadow: { promote_after: 2, demote_after: 2 }, canary: { promote_after: 2, demote_after: 2 } };

function metrics(): Record<string, MetricSpec<TestContext>> {
  return { steady: steady(), drifting: driftOn([2, 4]), failing: failOn([3]), canary: steady({ initialStage: 'canary', costOps: 5 }) };
}

/** Four runs in one folder: plain and with metrics, through `abraxasTick` and through `openRun`. */
async function fixedRuns(dir: string): Promise<void> {
  const work = pipeline({ failSignalOn: [1], failShadowOn: [2] });
  for (let t = 0; t < 4; t++) await abraxasTick({ runId: 'PLAIN-CALL', mode: 'test', artifactsDir: dir, fsync: false, ...work(t) });
  const plain = openRun<TestContext>({ runId: 'PLAIN-RUN', mode: 'test', artifactsDir: dir, fsync: false });
  for (let t = 0; t < 4; t++) await plain.tick(work(t));
  await plain.close();
  const m = metrics();
  for (let t = 0; t < 5; t++) {
    await abraxasTick({ runId: 'METRICS-CALL', mode: 'test', artifactsDir: dir, fsync: false, metrics: m, invarianceRuns: 3, promotionPolicy: policy, ...work(t) });
  }
  const promo = openRun<TestContext>({ runId: 'METRICS-RUN', mode: 'test', artifactsDir: dir, fsync: false, metrics: metrics(), invarianceRuns: 3, promotionPolicy: policy });
  for (let t = 0; t < 5; t++) await promo.tick(work(t));
  await promo.close();
}

const BOOT_ID = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** SHA-256 of each file of the tree, by path; a state file's body with its boot id replaced. */
function pinOf(dir: string): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const [path, bytes] of filesOf(dir)) {
    if (!path.endsWith('.manifest.state')) {
      pins[path] = sha256Hex(bytes);
      continue;
    }
    const text = bytes.toString('utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    expect(body, path).toContain(`"boot":${JSON.stringify(BOOT_ID)}`);
    pins[path] = sha256Hex(body.replace(`"boot":${JSON.stringify(BOOT_ID)}`, '"boot":"BOOT"'));
  }
  return pins;
}

describe('a fixed set of runs writes the tree it wrote before the refactor', () => {
  it('every file, by path, has the pinned SHA-256', async () => {
    const dir = await tempDir('pin');
    await fixedRuns(dir);
    const tree = pinOf(dir);
    const pinned = JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, string>;
    expect(Object.keys(tree).length).toBeGreaterThan(30);
    expect(tree).toEqual(pinned);
  });
});

/** Runs that seal the optional records: results with values and without, plain and with metrics. */
async function recordRuns(dir: string): Promise<void> {
  const work = pipeline({ failSignalOn: [1], failShadowOn: [2] });
  for (let t = 0; t < 3; t++) await abraxasTick({ runId: 'RESULTS-CALL', mode: 'test', artifactsDir: dir, fsync: false, sealResults: true, ...work(t) });
  const statuses = openRun<TestContext>({ runId: 'STATUSES-RUN', mode: 'test', artifactsDir: dir, fsync: false, sealResults: { values: false } });
  for (let t = 0; t < 3; t++) await statuses.tick(work(t));
  await statuses.close();
  const promo = openRun<TestContext>({ runId: 'RESULTS-METRICS', mode: 'test', artifactsDir: dir, fsync: false, sealResults: true, metrics: metrics(), invarianceRuns: 3, promotionPolicy: policy });
  for (let t = 0; t < 4; t++) await promo.tick(work(t));
  await promo.close();
}

describe('runs with the optional records write the tree pinned when those records were introduced', () => {
  it('every file, by path, has the pinned SHA-256', async () => {
    const dir = await tempDir('pin');
    await recordRuns(dir);
    const tree = pinOf(dir);
    const pinned = JSON.parse(await readFile(RECORDS_FIXTURE, 'utf8')) as Record<string, string>;
    expect(Object.keys(tree).filter((p) => p.startsWith('results/'))).toHaveLength(10);
    expect(tree).toEqual(pinned);
  });
});
