/**
 * `--runtimes`: the cross-runtime table. Runtimes are injected through the probe runner seam with
 * real probe output computed here (honest cells) and tampered copies (a wrong hash, a throwing
 * case, a different artifact file), which must fail with the first divergence named to the case,
 * runtime, event index and field. Missing runtimes and wrong versions are real: a folder without
 * the runtime packages, a Chromium variable naming nothing, a pin the running Node does not match.
 * Two end-to-end runs spawn the built CLI with real Node 20 and Node 22.
 */
import { goldenVectors as golden } from '@abraxas/golden-vectors';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLockPath } from '../src/repo-paths.js';
import { hostCases } from '../src/runtimes/case-references.js';
import { findChromium } from '../src/runtimes/chromium.js';
import { renderMatrixText } from '../src/runtimes/matrix-text.js';
import { referenceManifestRoot } from '../src/runtimes/merkle-oracle.js';
import { bundleProbes } from '../src/runtimes/probe-bundle.js';
import type { ProbeModules } from '../src/runtimes/probe-cases.js';
import { runProbe, type ProbeRunner } from '../src/runtimes/probe-exec.js';
import { runFullProbe } from '../src/runtimes/probe-full-entry.js';
import { runPureProbe } from '../src/runtimes/probe-pure-entry.js';
import type { ProbeCell, ProbeOutput } from '../src/runtimes/probe-types.js';
import { RuntimeUnavailableError } from '../src/runtimes/runtime-errors.js';
import { parseRuntimeList } from '../src/runtimes/runtime-ids.js';
import { locateProcessRuntime } from '../src/runtimes/runtime-locate.js';
import { runRuntimes } from '../src/runtimes/runtimes-command.js';
import { UsageError } from '../src/errors.js';
import { runCli, tempDir } from './support/cli.js';

let full: ProbeOutput;
let pure: ProbeOutput;

beforeAll(async () => {
  const cases = await hostCases(defaultLockPath(), 2);
  const modules: Record<string, { makeTrace: ProbeModules[string]['makeTrace'] }> = {};
  for (const [key, path] of Object.entries(cases.modules)) modules[key] = (await import(pathToFileURL(path).href)) as { makeTrace: ProbeModules[string]['makeTrace'] };
  full = await runFullProbe(cases.input, modules);
  pure = await runPureProbe(cases.input, modules);
}, 300_000);

const clone = (o: ProbeOutput): ProbeOutput => structuredClone(o);

function tamper(output: ProbeOutput, caseId: string, change: (cell: Extract<ProbeCell, { hash: string }>) => ProbeCell): ProbeOutput {
  const copy = clone(output);
  const cells = copy.cells.map((c) => (c.case === caseId && c.hash !== null ? change(c) : c));
  return { ...copy, cells };
}

/** A runner: node20 answers honestly, the other runtimes with what `answers` gives them. */
function fakeRunner(answers: Partial<Record<string, ProbeOutput>>): ProbeRunner {
  return (target) => Promise.resolve(answers[target.id] ?? full);
}

describe('--runtimes list', () => {
  it('all is every runtime; a list always has node20 first, in canonical order', () => {
    expect(parseRuntimeList('all')).toEqual(['node20', 'node22', 'node24', 'bun', 'deno', 'chromium']);
    expect(parseRuntimeList('deno,bun')).toEqual(['node20', 'bun', 'deno']);
  });
  it('an unknown name, an empty entry or all with others is a usage error naming --runtimes', () => {
    for (const bad of ['node18', 'bun,,deno', 'all,bun', '']) {
      expect(() => parseRuntimeList(bad)).toThrow(UsageError);
    }
    expect(() => parseRuntimeList('node18')).toThrow(/--runtimes must be a comma-separated list of node20, node22, node24, bun, deno, chromium, or all: "node18" is not a runtime/);
  });
});

describe('the table', () => {
  it('every case in every runtime equal to its reference: exit 0, one row per case, every golden vector covered', async () => {
    const report = await runRuntimes({ runtimes: ['node20', 'bun'], lockPath: defaultLockPath(), runner: fakeRunner({}) });
    expect(report.exit_code).toBe(0);
    expect(report.first_divergence).toBeNull();
    const ids = report.rows.map((r) => r.case);
    for (const v of golden.scheduler) expect(ids).toEqual(expect.arrayContaining([`trace:${v.id}`, `trendpack:${v.id}`]));
    for (const v of golden.gate) expect(ids).toContain(`gate:${v.id}`);
    for (const v of golden.runtime) expect(ids).toContain(`runtime-trendpack:${v.id}:t${String(v.tick)}`);
    expect(ids[0]).toBe('scenario:canonical');
    // The references are the vectors' own hashes, not the runtime's.
    const trace = report.rows.find((r) => r.case === `trace:${golden.scheduler[0]?.id ?? ''}`);
    expect(trace?.reference).toEqual({ hash: golden.scheduler[0]?.expect.trace_sha256, source: 'golden vector', problem: null });
    expect(report.rows.find((r) => r.case === 'scenario:canonical')?.reference.hash).toBe('ae7e4fe3526ad0e133d2f46de48f5941e5cf24382490e9d25088d8920decfd16');
    const text = renderMatrixText(report);
    expect(text).toMatch(/^case +reference +node20 +bun$/m);
    expect(text).toMatch(/^scenario:canonical +ae7e4fe3526a +ae7e4fe3526a +ae7e4fe3526a$/m);
    expect(text).toContain('ERS INVARIANCE ACROSS RUNTIMES: PASS');
  });

  it('a runtime with one wrong trace event: exit 1, the first divergence names case, runtime, event index and field', async () => {
    const wrong = tamper(full, 'scenario:canonical', (c) => {
      const events = 'events' in c.detail ? c.detail.events.map((e, i) => (i === 1 ? { ...(e as object), status: 'error' } : e)) : [];
      return { ...c, hash: 'f'.repeat(64), detail: { events } };
    });
    const report = await runRuntimes({ runtimes: ['node20', 'bun'], lockPath: defaultLockPath(), runner: fakeRunner({ bun: wrong }) });
    expect(report.exit_code).toBe(1);
    expect(report.differing_cells).toBe(1);
    expect(report.first_divergence).toMatchObject({ case: 'scenario:canonical', runtime: 'bun', event_index: 1, fields: ['status'], actual: 'f'.repeat(64) });
    const row = report.rows.find((r) => r.case === 'scenario:canonical');
    expect(row?.cells.node20?.status).toBe('ok');
    expect(row?.cells.bun?.status).toBe('differs');
    const text = renderMatrixText(report);
    expect(text).toContain('first divergence: case scenario:canonical, runtime bun, event 1, field status');
    expect(text).toMatch(/^scenario:canonical +ae7e4fe3526a +ae7e4fe3526a +ffffffffffff!$/m);
    expect(text).toContain('ERS INVARIANCE ACROSS RUNTIMES: FAIL (1 of');
  });

  it('a TrendPack differing from the golden vector is located to its field', async () => {
    const id = `trendpack:${golden.scheduler[0]?.id ?? ''}`;
    const wrong = tamper(full, id, (c) => ({ ...c, hash: '0'.repeat(64), detail: { value: { ...((('value' in c.detail ? c.detail.value : {}) as object)), tick: 99 } } }));
    const report = await runRuntimes({ runtimes: ['node20', 'deno'], lockPath: defaultLockPath(), runner: fakeRunner({ deno: wrong }) });
    expect(report.first_divergence).toMatchObject({ case: id, runtime: 'deno', event_index: null, fields: ['tick'] });
  });

  it('an artifact tree differing from Node 20’s names the file; a case that throws is an error cell', async () => {
    const wrongTree = tamper(full, 'runtime-tree:runtime-default', (c) => {
      const files = 'files' in c.detail ? { ...c.detail.files, 'manifests/RUN-INVARIANCE.manifest.state': 'a'.repeat(64) } : {};
      return { ...c, hash: '1'.repeat(64), detail: { files, json: 'files' in c.detail ? c.detail.json : {} } };
    });
    const tree = await runRuntimes({ runtimes: ['node20', 'node24'], lockPath: defaultLockPath(), runner: fakeRunner({ node24: wrongTree }) });
    expect(tree.exit_code).toBe(1);
    expect(tree.first_divergence).toMatchObject({ case: 'runtime-tree:runtime-default', runtime: 'node24', file: 'manifests/RUN-INVARIANCE.manifest.state' });

    const throwing = tamper(full, 'gate:gate-stable', (c) => ({ case: c.case, kind: c.kind, hash: null, error: 'RangeError: deliberate' }));
    const err = await runRuntimes({ runtimes: ['node20', 'node22'], lockPath: defaultLockPath(), runner: fakeRunner({ node22: throwing }) });
    expect(err.exit_code).toBe(1);
    expect(err.first_divergence).toMatchObject({ case: 'gate:gate-stable', runtime: 'node22', message: 'error: RangeError: deliberate' });
  });

  it('Merkle roots are held against RFC 6962 computed from Node 20’s manifest, so Node 20 itself can be wrong', async () => {
    const wrongRoot = tamper(full, 'merkle-root:runtime-default', (c) => ({ ...c, hash: '2'.repeat(64) }));
    const report = await runRuntimes({ runtimes: ['node20', 'bun'], lockPath: defaultLockPath(), runner: fakeRunner({ node20: wrongRoot }) });
    expect(report.exit_code).toBe(1);
    const row = report.rows.find((r) => r.case === 'merkle-root:runtime-default');
    expect(row?.reference.source).toBe('rfc6962');
    expect(row?.cells.node20?.status).toBe('differs');
    expect(row?.cells.bun?.status).toBe('ok');
    expect(report.first_divergence).toMatchObject({ case: 'merkle-root:runtime-default', runtime: 'node20', actual: '2'.repeat(64), expected: row?.cells.bun?.hash });
  });

  it('the RFC 6962 reference: no records is SHA-256 of nothing, one record SHA-256(0x00 ‖ its canonical JSON)', () => {
    expect(referenceManifestRoot({ records: [] })).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const record = { b: 1, a: 'x' };
    expect(referenceManifestRoot({ records: [record] })).toBe(createHash('sha256').update(Buffer.concat([Buffer.of(0), Buffer.from('{"a":"x","b":1}')])).digest('hex'));
    expect(referenceManifestRoot(null)).toBeNull();
  });

  it('Chromium cannot run the file-IO cases: reported as not run, with the reason, in the table and the JSON', async () => {
    const report = await runRuntimes({
      runtimes: ['node20', 'chromium'],
      lockPath: defaultLockPath(),
      runner: fakeRunner({ chromium: { ...pure, runtime: 'chromium 153.0.0.0' } }),
      env: { ABRAXAS_CHROMIUM: process.execPath },
    });
    expect(report.exit_code).toBe(0);
    expect(report.not_run).toEqual([{ runtime: 'chromium', kinds: ['runtime-tree', 'runtime-trendpack', 'merkle-root'], reason: expect.stringContaining('a browser page has no file system') as string }]);
    expect(report.rows.find((r) => r.case === 'merkle-root:runtime-default')?.cells.chromium?.status).toBe('not_run');
    expect(report.rows.find((r) => r.case === 'scenario:canonical')?.cells.chromium?.status).toBe('ok');
    expect(renderMatrixText(report)).toContain('not run in chromium: runtime-tree, runtime-trendpack, merkle-root cases; a browser page has no file system');
  });

  it('a pure case missing from a runtime with a file system is an error, not a skip', async () => {
    const report = await runRuntimes({ runtimes: ['node20', 'bun'], lockPath: defaultLockPath(), runner: fakeRunner({ bun: pure }) });
    expect(report.exit_code).toBe(1);
    expect(report.not_run).toEqual([]);
    expect(report.first_divergence).toMatchObject({ case: 'runtime-tree:runtime-default', runtime: 'bun' });
  });

  it('a lock whose pin moved fails every runtime on that scenario', async () => {
    const dir = tempDir();
    const lockPath = join(dir, 'invariance.lock.json');
    const { readFileSync } = await import('node:fs');
    const lock = JSON.parse(readFileSync(defaultLockPath(), 'utf8')) as { pins: Record<string, string> };
    lock.pins['entropy-budget'] = 'e'.repeat(64);
    writeFileSync(lockPath, JSON.stringify(lock));
    const report = await runRuntimes({ runtimes: ['node20'], lockPath, runner: fakeRunner({}) });
    expect(report.exit_code).toBe(1);
    expect(report.first_divergence).toMatchObject({ case: 'scenario:entropy-budget', runtime: 'node20', expected: 'e'.repeat(64) });
  });
});

describe('runtimes that cannot run are errors naming how to get them', () => {
  it('a folder without the runtime packages', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"name":"empty","private":true}');
    for (const id of ['node22', 'node24', 'bun', 'deno'] as const) {
      expect(() => locateProcessRuntime(id, dir)).toThrow(RuntimeUnavailableError);
      expect(() => locateProcessRuntime(id, dir)).toThrow(new RegExp(`--runtimes ${id} cannot run: the package ${id} \\(a dependency of @abraxas/runtimes, tooling/runtimes\\) is not installed; run \`pnpm install\``));
    }
    await expect(runRuntimes({ runtimes: ['node20', 'deno'], lockPath: defaultLockPath(), appDir: dir, runner: fakeRunner({}) })).rejects.toThrow(/--runtimes deno cannot run/);
  });

  it('a runtime package whose install script did not run (a stand-in instead of the binary)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"name":"app","private":true}');
    const runtimes = join(dir, 'node_modules', '@abraxas', 'runtimes');
    const bun = join(runtimes, 'node_modules', 'bun');
    mkdirSync(join(bun, 'bin'), { recursive: true });
    writeFileSync(join(runtimes, 'package.json'), '{"name":"@abraxas/runtimes","version":"0.0.0"}');
    writeFileSync(join(bun, 'package.json'), '{"name":"bun","version":"1.4.5"}');
    writeFileSync(join(bun, 'bin', 'bun.exe'), '#!/bin/sh\necho "postinstall did not run"\n', { mode: 0o755 });
    expect(() => locateProcessRuntime('bun', dir)).toThrow('--runtimes bun cannot run: the package bun is installed but its binary bin/bun.exe is missing (its install script did not run); run `pnpm install`');
    expect(() => locateProcessRuntime('deno', dir)).toThrow(/the package deno \(a dependency of @abraxas\/runtimes, tooling\/runtimes\) is not installed/);
  });

  it('node20 under another Node', () => {
    expect(() => locateProcessRuntime('node20', tempDir(), '22.1.0')).toThrow(/--runtimes node20 cannot run: node20 is the Node running the check, and that is Node 22.1.0; run the check with Node 20/);
  });

  it('ABRAXAS_CHROMIUM naming no executable', async () => {
    await expect(findChromium({ ABRAXAS_CHROMIUM: join(tempDir(), 'no-such-chromium') })).rejects.toThrow(/--runtimes chromium cannot run: findChromium: ABRAXAS_CHROMIUM must be the absolute path of an executable file/);
    await expect(findChromium({ ABRAXAS_CHROMIUM: 'chromium' })).rejects.toThrow(/ABRAXAS_CHROMIUM must be the absolute path/);
  });

  it('Chromium: ABRAXAS_CHROMIUM first, then a chromium on PATH, then @sparticuz/chromium', async () => {
    const bin = tempDir();
    const fake = join(bin, 'chromium');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    expect(await findChromium({ ABRAXAS_CHROMIUM: process.execPath, PATH: bin })).toMatchObject({ executablePath: process.execPath, source: 'ABRAXAS_CHROMIUM' });
    expect(await findChromium({ PATH: bin })).toMatchObject({ executablePath: fake, source: 'system chromium' });
    const packed = await findChromium({ PATH: tempDir() });
    expect(packed.source).toBe('npm @sparticuz/chromium');
    expect(packed.args.length).toBeGreaterThan(0);
  }, 300_000);

  it('a runtime reporting another version than its pin', async () => {
    const cases = await hostCases(defaultLockPath(), 1);
    const bundles = await bundleProbes({ ...cases.input, runtime: [] }, cases.modules);
    const target = { ...locateProcessRuntime('node20', tempDir()), expect: 'node 99.0.0' };
    await expect(runProbe(target, bundles)).rejects.toThrow(`--runtimes node20 cannot run: it reports itself as node ${process.versions.node}, not node 99.0.0`);
  }, 300_000);
});

describe('the CLI', () => {
  it('--runtimes with a check option, or a bad list, exits 2 with the rule', async () => {
    const isolate = await runCli(['--runtimes', 'node20', '--isolate']);
    expect(isolate.code).toBe(2);
    expect(isolate.stderr).toContain('invariance-check: --isolate does not apply with --runtimes');
    const sub = await runCli(['--runtimes', 'node20', 'window']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('invariance-check: --runtimes does not apply to a subcommand');
    const bad = await runCli(['--runtimes', 'node18', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, exit_code: 2 });
  });

  it('real Node 20 and Node 22: every cell equal, exit 0, --json a RuntimeInvarianceMatrix.v1', async () => {
    const r = await runCli(['--runtimes', 'node22', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { schema: string; ok: boolean; runtimes: { id: string; version: string }[]; rows: { cells: Record<string, { status: string }> }[] };
    expect(report.schema).toBe('RuntimeInvarianceMatrix.v1');
    expect(report.runtimes.map((x) => x.id)).toEqual(['node20', 'node22']);
    expect(report.runtimes[1]?.version).toMatch(/^node 22\./);
    expect(report.rows.every((row) => row.cells.node20?.status === 'ok' && row.cells.node22?.status === 'ok')).toBe(true);
  }, 300_000);
});
