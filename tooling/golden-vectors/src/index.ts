/**
 * The golden vectors of the ERS v0.2 reference (`ers-vectors.v1.json`), typed once: the shape of
 * each kind of vector as the reference wrote it, and the vectors themselves, for every test (and
 * the invariance gate) that replays them.
 * Owns: the vectors' types and typed access to them. Must not: compute, change or add expected values.
 */
import vectors from '../ers-vectors.v1.json';

/** A JSON value as the vectors hold it. */
export type GoldenJson = null | boolean | number | string | readonly GoldenJson[] | { readonly [key: string]: GoldenJson };

/** A lane's budget or what remains of it. */
export interface BudgetRecord {
  readonly ops: number;
  readonly entropy: number;
}

/** What a task does: return `{ ok: true }`, throw `Boom: deliberate failure` or, in a gate run's overrides, not be added. */
export type TaskOutcome = 'ok' | 'throw' | 'absent';

/** One task of a scheduler or gate vector. */
export interface VectorTask {
  readonly name: string;
  readonly lane: 'forecast' | 'shadow';
  readonly priority: number;
  readonly cost_ops: number;
  readonly cost_entropy: number;
  readonly tags: readonly string[];
  readonly outcome: 'ok' | 'throw';
}

/** One `run_tick` of the reference and everything it gave. */
export interface SchedulerVector {
  readonly id: string;
  readonly tick: number;
  readonly budget_forecast: BudgetRecord;
  readonly budget_shadow: BudgetRecord;
  readonly tasks: readonly VectorTask[];
  readonly expect: {
    readonly order: readonly string[];
    readonly statuses: Readonly<Record<string, string>>;
    readonly errors: Readonly<Record<string, string>>;
    readonly remaining: { readonly forecast: BudgetRecord; readonly shadow: BudgetRecord };
    readonly trace_json: string;
    readonly trace_sha256: string;
    readonly trendpack_run_id: string;
    readonly trendpack_provenance: Readonly<Record<string, string>>;
    readonly trendpack_json: string;
    readonly trendpack_sha256: string;
  };
}

/** One invariance gate of the reference: `runs` runs of a tick, each with its outcome overrides, and the gate's result. */
export interface GateVector {
  readonly id: string;
  readonly tick: number;
  readonly budget_forecast: BudgetRecord;
  readonly budget_shadow: BudgetRecord;
  readonly tasks: readonly VectorTask[];
  readonly runs: number;
  readonly per_run_outcomes: readonly Readonly<Record<string, TaskOutcome>>[];
  readonly expect_gate: {
    readonly ok: boolean;
    readonly expected_hash: string;
    readonly hashes: readonly string[];
    readonly first_mismatch_index: number | null;
    readonly divergence: GoldenJson;
  };
}

/** One `abraxas_tick` of the reference with its default costs and budgets. */
export interface RuntimeVector {
  readonly id: string;
  readonly tick: number;
  readonly run_id: string;
  readonly mode: string;
  readonly shadow_tasks: readonly string[];
  /** The tasks that throw, by scheduled name (`oracle:signal`, `shadow:<name>`). */
  readonly failing: readonly string[];
  readonly expect: {
    readonly trendpack_rel_path: string;
    readonly trendpack_json: string;
    readonly trendpack_sha256: string;
    readonly statuses: Readonly<Record<string, string>>;
    readonly remaining: { readonly forecast: BudgetRecord; readonly shadow: BudgetRecord };
  };
}

/** The whole file. */
export interface GoldenVectors {
  readonly schema: 'ErsGoldenVectors.v1';
  readonly scheduler: readonly SchedulerVector[];
  readonly gate: readonly GateVector[];
  readonly runtime: readonly RuntimeVector[];
}

/** The vectors, as the file holds them. */
if (vectors.schema !== 'ErsGoldenVectors.v1') throw new Error('@abraxas/golden-vectors: ers-vectors.v1.json is not ErsGoldenVectors.v1');
export const goldenVectors = vectors as unknown as GoldenVectors;
export const schedulerVectors: readonly SchedulerVector[] = goldenVectors.scheduler;
export const gateVectors: readonly GateVector[] = goldenVectors.gate;
export const runtimeVectors: readonly RuntimeVector[] = goldenVectors.runtime;
