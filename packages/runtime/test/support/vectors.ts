/**
 * The task functions the README of the golden vectors (@abraxas/golden-vectors) prescribes for its
 * `runtime` vectors: every function returns `{ ok: true }` except those
 * named in `failing`, which throw an error named `Boom` with message `deliberate failure`.
 * Owns: the vectors' task functions. Must not: compute expected values (the vectors hold them).
 */
import type { RuntimeVector } from '@abraxas/golden-vectors';

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
