/**
 * One run of the runtime-level gate: every tick of a runtime scenario through `abraxasTick` (from
 * @abraxas/runtime, loaded only when this gate runs) into one fresh artifacts folder, then a
 * record of what the run wrote: each tick's TrendPack and RunIndex (path and SHA-256 as the runtime
 * reported them, checked against the bytes on disk), the manifest's SHA-256, and every file of the
 * folder with its hash. Paths are relative to the artifacts folder, so runs in different folders
 * compare directly. JSON files' text is kept for field-level diffs.
 * Owns: running and fingerprinting one runtime run. Must not: compare runs or print.
 */
import { compareCodePoints } from '@abraxas/internal';
import { canonicalJson, sha256Hex } from '@abraxas/ers';
import type { TickResult } from '@abraxas/runtime';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Boom } from '../scenario/boom.js';
import { failingInRun, type RuntimeScenario } from './runtime-scenario.js';

export interface RuntimeFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface RuntimeTickRecord {
  readonly tick: number;
  readonly trendpack: string;
  readonly trendpack_sha256: string;
  readonly runindex: string;
  readonly runindex_sha256: string;
}

/** What one run wrote (a reported record: snake_case). */
export interface RuntimeRunRecord {
  readonly ticks: readonly RuntimeTickRecord[];
  readonly manifest: string;
  readonly manifest_sha256: string;
  /** Every file in the artifacts folder, by path in code-point order. */
  readonly files: readonly RuntimeFile[];
  /** SHA-256 of the canonical JSON of `files`: equal trees, equal hash. */
  readonly tree_sha256: string;
  /** Text of each JSON file, by path (for field diffs; not reported). */
  readonly json: Readonly<Record<string, string>>;
}

/** Runs every tick of `scenario` as run `runIndex` into `artifactsDir` (relative to the cwd, or absolute). */
export async function runRuntimeOnce(scenario: RuntimeScenario, runIndex: number, artifactsDir: string): Promise<RuntimeRunRecord> {
  const { abraxasTick } = await import('@abraxas/runtime');
  const failing = new Set(failingInRun(scenario, runIndex));
  const fn = (task: string) => (): unknown => {
    if (failing.has(task)) throw new Boom();
    return { ok: true };
  };
  const shadow: Record<string, () => unknown> = {};
  for (const name of scenario.shadow_tasks) shadow[name] = fn(`shadow:${name}`);
  const root = resolve(artifactsDir);
  const rel = (p: string): string => relative(root, resolve(p)).split(sep).join('/');

  const ticks: RuntimeTickRecord[] = [];
  for (const tick of scenario.ticks) {
    const result: TickResult = await abraxasTick({
      tick,
      runId: scenario.run_id,
      mode: scenario.mode,
      context: {},
      artifactsDir,
      runSignal: fn('oracle:signal'),
      runCompress: fn('oracle:compress'),
      runOverlay: fn('oracle:overlay'),
      runShadowTasks: shadow,
      // A gate run is thrown away: durability against power loss buys nothing here.
      fsync: false,
    });
    const a = result.artifacts;
    ticks.push({ tick, trendpack: rel(a.trendpack), trendpack_sha256: a.trendpack_sha256, runindex: rel(a.runindex), runindex_sha256: a.runindex_sha256 });
  }

  const files: RuntimeFile[] = [];
  const json: Record<string, string> = {};
  for (const path of await listFiles(root)) {
    const bytes = await readFile(join(root, ...path.split('/')));
    files.push({ path, sha256: sha256Hex(bytes), bytes: bytes.length });
    if (path.endsWith('.json')) json[path] = new TextDecoder().decode(bytes);
  }
  const hashOf = (path: string): string | undefined => files.find((f) => f.path === path)?.sha256;
  for (const t of ticks) {
    for (const [path, reported] of [
      [t.trendpack, t.trendpack_sha256],
      [t.runindex, t.runindex_sha256],
    ] as const) {
      const actual = hashOf(path);
      if (actual !== reported) throw new Error(`abraxasTick reported ${reported} for ${path}, but the file ${actual === undefined ? 'is missing' : `hashes to ${actual}`}`);
    }
  }
  const manifest = `manifests/${scenario.run_id}.manifest.json`;
  const manifestSha = hashOf(manifest);
  if (manifestSha === undefined) throw new Error(`the run wrote no ${manifest}`);
  return { ticks, manifest, manifest_sha256: manifestSha, files, tree_sha256: sha256Hex(canonicalJson(files)), json };
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, ...prefix.split('/').filter(Boolean)), { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(root, `${path}/`)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort(compareCodePoints);
}
