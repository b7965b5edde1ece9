/**
 * Measurement primitives: a monotonic clock in milliseconds, timing of one call, and a full garbage
 * collection between runs (when the process was started with `--expose-gc`, as the case processes are).
 * Owns: reading the clock and triggering GC. Must not: summarise or print.
 */

/** Milliseconds on the monotonic high-resolution clock (not the wall clock). */
export function now(): number {
  return performance.now();
}

/** Milliseconds one synchronous call of `fn` takes. */
export function timeSync(fn: () => unknown): number {
  const t0 = now();
  fn();
  return now() - t0;
}

/** Milliseconds one call of `fn` takes, awaiting its promise. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

/** A full collection when `--expose-gc` made `gc` available; true when it ran. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  return true;
}
