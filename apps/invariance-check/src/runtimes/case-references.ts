/**
 * The host side of the cross-runtime cases: what every runtime is asked to compute (the probe's
 * input) and what each case must equal (its reference). Scenarios: the canonical scenario and
 * every repo scenario, each against its pin in the lock (the canonical pin must also be the spec's
 * hash). Golden vectors (@abraxas/golden-vectors, the Python reference's output): every scheduler
 * vector's trace and TrendPack, every gate vector's full result, every runtime vector's TrendPack
 * file. Merkle roots are held against RFC 6962 computed here from Node 20's manifest
 * (merkle-oracle.ts); the runtime-level artifact trees, which have no reference vector, against
 * Node 20's result.
 * Owns: the case list and the references. Must not: run probes or print.
 */
import { canonicalJson, sha256Hex, type JsonValue } from '@abraxas/ers';
import type { GoldenVectors } from '@abraxas/golden-vectors';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CANONICAL_ID, SPEC_CANONICAL_HASH } from '../scenario/canonical-scenario.js';
import { readLock } from '../lock/lock-file.js';
import { listScenarioFiles, repoRoot, repoScenariosDir } from '../repo-paths.js';
import { DEFAULT_RUNTIME_SCENARIO, type RuntimeScenario } from '../runtime-gate/runtime-scenario.js';
import { loadScenarioFile } from '../scenario/scenario-load.js';
import { parseScenarioDefinition } from '../scenario/scenario-validate.js';
import { referenceManifestRoot } from './merkle-oracle.js';
import type { CaseKind, ProbeDetail, ProbeInput, ProbeOutput, ProbeScenario } from './probe-types.js';

/** What a case must equal: a hash from the lock, the spec or a golden vector, or Node 20's result. */
export interface CaseReference {
  readonly case: string;
  readonly kind: CaseKind;
  /** Null: no reference value exists, so Node 20's cell is the baseline. */
  readonly hash: string | null;
  readonly source: 'lock' | 'golden vector' | 'rfc6962' | 'node20';
  /** The reference's own value for field-level reports, when it has one. */
  readonly detail: ProbeDetail | null;
  /** Set when the reference itself is unusable (a missing pin, a canonical pin off the spec). */
  readonly problem: string | null;
}

export interface HostCases {
  readonly input: ProbeInput;
  /** Scenario modules to bundle with the probe, by key. */
  readonly modules: Readonly<Record<string, string>>;
  /** Every case in the table's order, with its reference. */
  readonly references: readonly CaseReference[];
}

/** The vectors, read when the cases are built (the command's bundle does not carry them). */
async function readGolden(): Promise<GoldenVectors> {
  const path = createRequire(import.meta.url).resolve('@abraxas/golden-vectors/ers-vectors.v1.json');
  return JSON.parse(await readFile(path, 'utf8')) as GoldenVectors;
}

/** Builds the cases from the repo's scenarios, the lock at `lockPath` and the golden vectors. */
export async function hostCases(lockPath: string, runtimeRuns: number): Promise<HostCases> {
  const lock = await readLock(lockPath, 'invariance.lock.json');
  const pins = lock?.pins ?? {};
  const golden = await readGolden();
  const references: CaseReference[] = [];
  const ref = (r: Omit<CaseReference, 'problem'> & { problem?: string | null }): void => {
    references.push({ ...r, problem: r.problem ?? null });
  };

  const scenarios: ProbeScenario[] = [];
  const modules: Record<string, string> = {};
  const loaded = [];
  for (const file of await listScenarioFiles(repoScenariosDir())) loaded.push(await loadScenarioFile(file, repoRoot()));
  // The canonical scenario first, as `pnpm invariance --all` runs it.
  for (const s of [...loaded.filter((l) => l.id === CANONICAL_ID), ...loaded.filter((l) => l.id !== CANONICAL_ID)]) {
    if (s.definition !== null) scenarios.push({ id: s.id, runs: s.runs, definition: s.definition });
    else if (s.source.kind === 'module') {
      modules[s.id] = s.source.path;
      scenarios.push({ id: s.id, runs: s.runs, module: s.id });
    }
    const pin = pins[s.id];
    let problem: string | null = pin === undefined ? `scenario "${s.id}" has no pin in invariance.lock.json (pin it with: pnpm invariance --all --update)` : null;
    if (s.id === CANONICAL_ID && pin !== undefined && pin !== SPEC_CANONICAL_HASH) problem = `the lock's canonical pin ${pin} is not the spec's hash ${SPEC_CANONICAL_HASH}`;
    ref({ case: `scenario:${s.id}`, kind: 'scenario', hash: pin ?? null, source: 'lock', detail: null, problem });
  }

  for (const v of golden.scheduler) {
    ref({ case: `trace:${v.id}`, kind: 'trace', hash: v.expect.trace_sha256, source: 'golden vector', detail: { events: (JSON.parse(v.expect.trace_json) as { events: JsonValue[] }).events } });
    ref({ case: `trendpack:${v.id}`, kind: 'trendpack', hash: v.expect.trendpack_sha256, source: 'golden vector', detail: { value: JSON.parse(v.expect.trendpack_json) as JsonValue } });
  }
  const gate = golden.gate.map((g) => {
    const raw: Record<string, unknown> = { ...g };
    delete raw.expect_gate;
    ref({ case: `gate:${g.id}`, kind: 'gate', hash: sha256Hex(canonicalJson(g.expect_gate)), source: 'golden vector', detail: { value: g.expect_gate } });
    return { id: g.id, definition: parseScenarioDefinition(raw, `@abraxas/golden-vectors gate ${g.id}`, g.id) };
  });

  const runtime: RuntimeScenario[] = [DEFAULT_RUNTIME_SCENARIO];
  const runtimeVectors = new Map(golden.runtime.map((v) => [v.id, v]));
  for (const v of golden.runtime) {
    runtime.push({ id: v.id, source: `@abraxas/golden-vectors runtime ${v.id}`, description: null, ticks: [v.tick], run_id: v.run_id, mode: v.mode, shadow_tasks: v.shadow_tasks, failing: v.failing, per_run_failing: [], runs: null });
  }
  for (const s of runtime) {
    ref({ case: `runtime-tree:${s.id}`, kind: 'runtime-tree', hash: null, source: 'node20', detail: null });
    for (const tick of s.ticks) {
      const vector = runtimeVectors.get(s.id);
      if (vector !== undefined && vector.tick === tick) {
        ref({ case: `runtime-trendpack:${s.id}:t${String(tick)}`, kind: 'runtime-trendpack', hash: vector.expect.trendpack_sha256, source: 'golden vector', detail: { value: JSON.parse(vector.expect.trendpack_json) as JsonValue } });
      } else {
        ref({ case: `runtime-trendpack:${s.id}:t${String(tick)}`, kind: 'runtime-trendpack', hash: null, source: 'node20', detail: null });
      }
    }
    // Its hash is filled in by withMerkleReferences once Node 20 has written the manifest.
    ref({ case: `merkle-root:${s.id}`, kind: 'merkle-root', hash: null, source: 'rfc6962', detail: null });
  }

  const input: ProbeInput = {
    scenarios,
    scheduler: golden.scheduler.map((v) => ({
      id: v.id,
      tick: v.tick,
      budget_forecast: v.budget_forecast,
      budget_shadow: v.budget_shadow,
      tasks: v.tasks,
      trendpack_run_id: v.expect.trendpack_run_id,
      trendpack_provenance: v.expect.trendpack_provenance,
    })),
    gate,
    runtime,
    runtime_runs: runtimeRuns,
  };
  return { input, modules, references };
}

/**
 * The `merkle-root` references: RFC 6962 over the records of the manifest Node 20 wrote (its cell's
 * detail). A case whose Node 20 cell has no manifest keeps no reference hash, and fails.
 */
export function withMerkleReferences(references: readonly CaseReference[], node20: ProbeOutput): CaseReference[] {
  const cells = new Map(node20.cells.map((c) => [c.case, c]));
  return references.map((r) => {
    if (r.kind !== 'merkle-root') return r;
    const cell = cells.get(r.case);
    const manifest = cell !== undefined && cell.hash !== null && 'value' in cell.detail ? (cell.detail.value as JsonValue) : undefined;
    const hash = referenceManifestRoot(manifest);
    return hash === null ? { ...r, problem: 'Node 20 wrote no manifest to compute the RFC 6962 root from' } : { ...r, hash };
  });
}
