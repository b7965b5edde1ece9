/**
 * The RunIndex reference rule: the runtime's `verifyRun`, a store's `verifyRun` with
 * `RECORD_REFERENCES`, and `abraxas-artifacts verify --references @abraxas/runtime` report a RunIndex
 * whose references do not point at listed artifacts with matching hashes; the store alone does not.
 */
import { FileStore, readManifest, verifyRun as verifyFolder, type ManifestRecord } from '@abraxas/artifacts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { abraxasTick, RECORD_KINDS, RECORD_REFERENCES, verifyRun } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const RUN = 'RUN-V';
let dir = '';
let tp: ManifestRecord | undefined;
const Z = '0'.repeat(64);

const EXPECTED = (sha: string): [string, string, string][] => [
  ['run_index/RUN-V/000001.runindex.json', 'bad_ref', 'refs.trendpack points at viz/RUN-V/000009.trendpack.json, which the manifest does not list'],
  ['run_index/RUN-V/000002.runindex.json', 'bad_ref', `hashes.trendpack_sha256 is "${Z}"; the manifest lists viz/RUN-V/000000.trendpack.json with ${sha}`],
  ['run_index/RUN-V/000003.runindex.json', 'bad_ref', 'hashes.trendpack_sha256 is missing for refs.trendpack'],
  ['run_index/RUN-V/000004.runindex.json', 'bad_ref', 'refs.trendpack is not a relative artifact path: "/abs/viz/RUN-V/000000.trendpack.json"'],
  ['run_index/RUN-V/000005.runindex.json', 'bad_ref', 'hashes.results_pack_sha256 has no matching refs.results_pack'],
  ['run_index/RUN-V/000006.runindex.json', 'bad_ref', 'is listed as a RunIndex but has no refs object'],
  ['run_index/RUN-V/000007.runindex.json', 'bad_ref', 'hashes.constructor_sha256 has no matching refs.constructor'],
  ['run_index/RUN-V/000008.runindex.json', 'bad_ref', 'has a hashes field that is not an object'],
];

beforeAll(async () => {
  dir = await tempDir('verify');
  await abraxasTick({ runId: RUN, mode: 'test', artifactsDir: dir, fsync: false, ...pipeline()(0) });
  tp = (await readManifest(dir, RUN)).records.find((r) => r.kind === RECORD_KINDS.trendpack.kind);
  const path = tp?.path ?? '';
  const sha = tp?.sha256 ?? '';
  const forged: [number, object][] = [
    [1, { refs: { trendpack: RECORD_KINDS.trendpack.path(RUN, 9) }, hashes: { trendpack_sha256: sha } }],
    [2, { refs: { trendpack: path }, hashes: { trendpack_sha256: Z } }],
    [3, { refs: { trendpack: path }, hashes: {} }],
    [4, { refs: { trendpack: `/abs/${path}` }, hashes: { trendpack_sha256: sha } }],
    [5, { refs: { trendpack: path }, hashes: { trendpack_sha256: sha, results_pack_sha256: sha } }],
    [6, { hashes: {} }],
    [7, { refs: { trendpack: path }, hashes: { trendpack_sha256: sha, constructor_sha256: sha } }],
    [8, { refs: { trendpack: path }, hashes: [] }],
  ];
  const store = new FileStore(dir, { fsync: false });
  await store.writeBatch(
    forged.map(([tick, obj]) => ({ runId: RUN, tick, kind: RECORD_KINDS.runindex.kind, schema: RECORD_KINDS.runindex.schema, relPath: RECORD_KINDS.runindex.path(RUN, tick), obj, extra: { mode: 'test' } })),
  );
  await store.close();
});

describe('the RunIndex reference rule', () => {
  it('verifyRun of @abraxas/runtime names every broken reference, and none in the intact tick', async () => {
    const r = await verifyRun(dir, RUN);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.path, p.problem, p.detail])).toEqual(EXPECTED(tp?.sha256 ?? ''));
  });

  it('is what a store checks when given RECORD_REFERENCES, and nothing the store checks alone', async () => {
    const store = new FileStore(dir, { fsync: false });
    try {
      const withRule = await store.verifyRun(RUN, { references: RECORD_REFERENCES });
      expect(withRule.problems.map((p) => [p.path, p.problem, p.detail])).toEqual(EXPECTED(tp?.sha256 ?? ''));
      expect(await store.verifyRun(RUN)).toMatchObject({ ok: true, problems: [] });
    } finally {
      await store.close();
    }
    expect((await verifyFolder(dir, RUN)).ok).toBe(true);
  });

  it('is what abraxas-artifacts verify checks with --references @abraxas/runtime', () => {
    const require = createRequire(import.meta.url);
    const artifactsPkg = require.resolve('@abraxas/artifacts/package.json');
    const bin = join(dirname(artifactsPkg), (JSON.parse(readFileSync(artifactsPkg, 'utf8')) as { bin: Record<string, string> }).bin['abraxas-artifacts'] ?? '');
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'verify', dir, RUN, ...args], { encoding: 'utf8', cwd });
    const checked = run('--references', '@abraxas/runtime', '--json');
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(1);
    expect((JSON.parse(checked.stdout) as { problems: { path: string; problem: string; detail: string }[] }).problems.map((p) => [p.path, p.problem, p.detail])).toEqual(EXPECTED(tp?.sha256 ?? ''));
    const text = run('--references', '@abraxas/runtime');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('references checked by the rule of @abraxas/runtime');
    expect(text.stdout).toContain('bad_ref');
    expect(run().status).toBe(0);
    const missing = run('--references', '@abraxas/no-such-package');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^abraxas-artifacts: abraxas-artifacts verify: --references must name a module that can be found from .*; got "@abraxas\/no-such-package"\n$/);
  });
});
