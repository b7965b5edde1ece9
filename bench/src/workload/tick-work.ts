/**
 * The work of one Abraxas tick in the runtime cases: the three forecast steps and two shadow tasks
 * (`anagram`, `sei`), each returning a small fixed object, with an empty context and the
 * reference's costs and budgets. The same for every tick, so a tick's cost can only change with
 * the run's length.
 * Owns: the per-tick work of the abraxasTick case. Must not: time anything.
 */
import type { TickWork } from '@abraxas/runtime';

const ok = (): { ok: true } => ({ ok: true });

/** The work of tick `tick`. */
export function tickWork(tick: number): TickWork {
  return {
    tick,
    context: {},
    runSignal: ok,
    runCompress: ok,
    runOverlay: ok,
    runShadowTasks: { anagram: ok, sei: ok },
  };
}
