/**
 * What the host hands the probe that runs inside each runtime, and what the probe hands back.
 * Everything is plain JSON, so it crosses a process boundary (stdout) or a browser page boundary
 * (`page.evaluate`) unchanged. Scenario modules cannot cross as JSON: they are bundled with the
 * probe and passed by key.
 * Owns: the probe's input and output shapes. Must not: hold logic.
 */
import type { InvarianceResult, JsonValue } from '@abraxas/ers';
import type { RuntimeScenario } from '../runtime-gate/runtime-scenario.js';
import type { ScenarioDefinition, ScenarioTask } from '../scenario/scenario-types.js';

/** What a case is, and so what its hash is a hash of. */
export type CaseKind = 'scenario' | 'trace' | 'trendpack' | 'gate' | 'runtime-trendpack' | 'runtime-tree' | 'merkle-root';

/** A repo scenario: declarative (its definition) or a module bundled with the probe (its key). */
export type ProbeScenario =
  | { readonly id: string; readonly runs: number | null; readonly definition: ScenarioDefinition }
  | { readonly id: string; readonly runs: number | null; readonly module: string };

/** A golden scheduler vector: one `runTick` (trace) and its TrendPack. */
export interface ProbeSchedulerVector {
  readonly id: string;
  readonly tick: number;
  readonly budget_forecast: { readonly ops: number; readonly entropy: number };
  readonly budget_shadow: { readonly ops: number; readonly entropy: number };
  readonly tasks: readonly ScenarioTask[];
  readonly trendpack_run_id: string;
  readonly trendpack_provenance: Readonly<Record<string, string>>;
}

/** A golden gate vector: a declarative scenario whose gate result is the reference's. */
export interface ProbeGateVector {
  readonly id: string;
  readonly definition: ScenarioDefinition;
}

export interface ProbeInput {
  readonly scenarios: readonly ProbeScenario[];
  readonly scheduler: readonly ProbeSchedulerVector[];
  readonly gate: readonly ProbeGateVector[];
  /** Runtime-level cases (file IO): run only where the runtime has a file system. */
  readonly runtime: readonly RuntimeScenario[];
  /** Runs of the runtime-level gate inside each runtime. */
  readonly runtime_runs: number;
}

/** One case's result in one runtime. `detail` is what divergence reports diff field by field. */
export type ProbeCell =
  | { readonly case: string; readonly kind: CaseKind; readonly hash: string; readonly detail: ProbeDetail }
  | { readonly case: string; readonly kind: CaseKind; readonly hash: null; readonly error: string };

/**
 * The hashed value, as JSON: trace events (`events`), a TrendPack or gate result (`value`), or an
 * artifact tree (`files`: path to SHA-256, and `json`: path to the text of each JSON file).
 */
export type ProbeDetail =
  | { readonly events: readonly JsonValue[] }
  | { readonly value: JsonValue | InvarianceResult }
  | { readonly files: Readonly<Record<string, string>>; readonly json: Readonly<Record<string, string>> };

export interface ProbeOutput {
  /** The runtime's own name and version, as it reports them (`node 22.23.3`, `bun 1.4.5`, …). */
  readonly runtime: string;
  readonly cells: readonly ProbeCell[];
}
