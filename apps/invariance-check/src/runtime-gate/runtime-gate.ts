/**
 * The runtime-level gate: a runtime scenario run N times end to end through `abraxasTick`, each run
 * into a fresh artifacts folder (a new temporary folder in-process or in a fresh worker; a relative
 * `artifacts` folder under a varied working folder with `--vary-env`), then every run's TrendPacks,
 * RunIndexes, manifest and whole file tree compared with run 0's. Byte-identical trees in different
 * folders are possible because hashed files store relative paths. Each mismatching run's report
 * names the files that differ, what kind they are, and the JSON field paths that differ.
 * Owns: the runtime gate's evaluation. Must not: print.
 */
import { compareCodePoints } from '@abraxas/internal';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFor, environmentVariables, type RunEnvironment } from '../gate/env-variation.js';
import { ScenarioRunError, thrownMessage } from '../errors.js';
import { differingPaths } from '../reports/field-diff.js';
import { DEFAULT_RUNS, type GateMode } from '../gate/gate-runner.js';
import { IsolatedRunError, runInChild, runInWorker } from '../gate/isolation.js';
import { runRuntimeOnce, type RuntimeRunRecord } from './runtime-run.js';
import type { RuntimeScenario } from './runtime-scenario.js';

export type RuntimeFileKind = 'trendpack' | 'runindex' | 'manifest' | 'other';

export interface RuntimeFileDifference {
  readonly path: string;
  readonly kind: RuntimeFileKind;
  readonly tick: number | null;
  /** Run 0's hash and this run's, null where the file is missing. */
  readonly a_sha256: string | null;
  readonly b_sha256: string | null;
  /** JSON field paths that differ (empty when a side is missing or not JSON). */
  readonly paths: readonly string[];
}

export interface RuntimeDivergence {
  readonly run: number;
  readonly tree_sha256: string;
  readonly files: readonly RuntimeFileDifference[];
}

export interface RuntimeEvaluation {
  readonly scenario: RuntimeScenario;
  readonly mode: GateMode;
  readonly runs: number;
  readonly ok: boolean;
  /** What run 0 wrote. */
  readonly record: RuntimeRunRecord;
  readonly run_hashes: readonly { readonly run: number; readonly tree_sha256: string; readonly manifest_sha256: string }[];
  readonly first_mismatch_index: number | null;
  readonly divergences: readonly RuntimeDivergence[];
  readonly environments: readonly RunEnvironment[] | null;
}

export async function evaluateRuntimeScenario(scenario: RuntimeScenario, options: { mode: GateMode; runs: number | null }): Promise<RuntimeEvaluation> {
  const runs = options.runs ?? scenario.runs ?? DEFAULT_RUNS;
  const environments: RunEnvironment[] = [];
  const hashes: { run: number; tree_sha256: string; manifest_sha256: string }[] = [];
  const divergences: RuntimeDivergence[] = [];
  let base: RuntimeRunRecord | null = null;
  const root = await mkdtemp(join(tmpdir(), 'abraxas-invariance-runtime-'));
  try {
    for (let i = 0; i < runs; i++) {
      let record: RuntimeRunRecord;
      try {
        record = await runOnce(scenario, i, options.mode, root, environments);
      } catch (e) {
        throw new ScenarioRunError(scenario.source, i, e instanceof IsolatedRunError ? e.message : thrownMessage(e));
      }
      hashes.push({ run: i, tree_sha256: record.tree_sha256, manifest_sha256: record.manifest_sha256 });
      if (base === null) base = record;
      else if (record.tree_sha256 !== base.tree_sha256) divergences.push({ run: i, tree_sha256: record.tree_sha256, files: compareTrees(base, record) });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return {
    scenario,
    mode: options.mode,
    runs,
    ok: divergences.length === 0,
    record: base as RuntimeRunRecord,
    run_hashes: hashes,
    first_mismatch_index: divergences[0]?.run ?? null,
    divergences,
    environments: options.mode === 'vary-env' ? environments : null,
  };
}

async function runOnce(scenario: RuntimeScenario, i: number, mode: GateMode, root: string, environments: RunEnvironment[]): Promise<RuntimeRunRecord> {
  if (mode === 'vary-env') {
    const env = environmentFor(i);
    environments.push(env);
    const cwd = join(root, ...env.cwd.split('/'));
    await mkdir(cwd, { recursive: true });
    // A relative artifacts folder: the runtime resolves it against the varied working folder.
    return (await runInChild({ kind: 'runtime', scenario, runIndex: i, artifactsDir: 'artifacts' }, cwd, { ...process.env, ...environmentVariables(env) })) as RuntimeRunRecord;
  }
  const artifactsDir = join(root, `run-${String(i).padStart(2, '0')}`, 'artifacts');
  if (mode === 'isolate') return (await runInWorker({ kind: 'runtime', scenario, runIndex: i, artifactsDir })) as RuntimeRunRecord;
  return runRuntimeOnce(scenario, i, artifactsDir);
}

/** Every file whose bytes differ between two runs, with its kind and differing JSON fields. */
export function compareTrees(a: RuntimeRunRecord, b: RuntimeRunRecord): RuntimeFileDifference[] {
  const hashA = new Map(a.files.map((f) => [f.path, f.sha256]));
  const hashB = new Map(b.files.map((f) => [f.path, f.sha256]));
  const paths = [...new Set([...hashA.keys(), ...hashB.keys()])];
  const out: RuntimeFileDifference[] = [];
  for (const path of paths.sort(compareCodePoints)) {
    const x = hashA.get(path) ?? null;
    const y = hashB.get(path) ?? null;
    if (x === y) continue;
    out.push({ path, kind: kindOf(path), tick: tickOf(path), a_sha256: x, b_sha256: y, paths: jsonPaths(a.json[path], b.json[path]) });
  }
  return out;
}

function kindOf(path: string): RuntimeFileKind {
  if (/^viz\/[^/]+\/\d+\.trendpack\.json$/.test(path)) return 'trendpack';
  if (/^run_index\/[^/]+\/\d+\.runindex\.json$/.test(path)) return 'runindex';
  if (/^manifests\/[^/]+\.manifest\.json$/.test(path)) return 'manifest';
  return 'other';
}

function tickOf(path: string): number | null {
  const m = /\/(\d+)\.(?:trendpack|runindex)\.json$/.exec(path);
  return m === null ? null : Number(m[1]);
}

function jsonPaths(a: string | undefined, b: string | undefined): string[] {
  if (a === undefined || b === undefined) return [];
  try {
    return differingPaths(JSON.parse(a), JSON.parse(b));
  } catch {
    return [];
  }
}
