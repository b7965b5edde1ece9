/**
 * The `runtime` golden vectors of the ERS v0.2 reference (copied into test/fixtures) and
 * the task functions their README prescribes: every function returns `{ ok: true }` except those
 * named in `failing`, which throw an error named `Boom` with message `deliberate failure`.
 * Owns: test-side reading of the vectors. Must not: compute expected values (the vectors hold them).
 */
import golden from '@abraxas/golden-vectors/ers-vectors.v1.json';

export interface BudgetRecord {
  readonly ops: number;
  readonly entropy: number;
}

export interface RuntimeVector {
  readonly id: string;
  readonly tick: number;
  readonly run_id: string;
  readonly mode: string;
  readonly shadow_tasks: readonly string[];
  readonly failing: readonly string[];
  readonly expect: {
    readonly trendpack_rel_path: string;
    readonly trendpack_json: string;
    readonly trendpack_sha256: string;
    readonly statuses: Readonly<Record<string, string>>;
    readonly remaining: { readonly forecast: BudgetRecord; readonly shadow: BudgetRecord };
  };
}

export const runtimeVectors: readonly RuntimeVector[] = (golden as unknown as { runtime: readonly RuntimeVector[] }).runtime;

export class Boom extends Error {
  override name = 'Boom';
  constructor() {
    super('deliberate failure');
  }
}

/** The pipeline functions of a vector, as `abraxasTick` options. */
export function vectorFunctions(v: RuntimeVector): {
  runSignal: () => unknown;
  runCompress: () => unknown;
  runOverlay: () => unknown;
  runShadowTasks: Record<string, () => unknown>;
} {
  const fn = (task: string) => (): unknown => {
    if (v.failing.includes(task)) throw new Boom();
    return { ok: true };
  };
  return {
    runSignal: fn('oracle:signal'),
    runCompress: fn('oracle:compress'),
    runOverlay: fn('oracle:overlay'),
    runShadowTasks: Object.fromEntries(v.shadow_tasks.map((name) => [name, fn(`shadow:${name}`)])),
  };
}
