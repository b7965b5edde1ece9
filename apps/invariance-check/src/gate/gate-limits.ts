/**
 * The bounds of what a gate may be asked to do: how many runs it compares (at least two, or it
 * compares nothing and could only pass) and how many ticks a window or runtime gate spans.
 * Owns: those bounds and their rules. Must not: parse or run anything.
 */

/** A gate compares at least two runs. */
export const MIN_RUNS = 2;
/** As many runs as the runtime's per-tick metric gate allows. */
export const MAX_RUNS = 1000;
/** Ticks 0..k-1 of `window` and `runtime`: each tick is a whole gate per budget variation. */
export const MAX_TICKS = 1000;

/** The rule a run count breaks, as error messages state it. */
export const RUNS_RULE = `must be an integer from ${MIN_RUNS} to ${MAX_RUNS} (a gate compares at least two runs)`;

/** True for a run count a gate accepts. */
export function isRunCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= MIN_RUNS && value <= MAX_RUNS;
}
