/**
 * The arithmetic of the benchmarks: median, mean, ratio and least-squares slope of plain numbers.
 * Owns: summary statistics. Must not: measure anything (no clock, no IO).
 */

/** Thrown when a statistic is asked of data it is not defined for. */
export class BenchStatsError extends Error {
  override readonly name = 'BenchStatsError';
  constructor(fn: string, field: string, rule: string, value: unknown) {
    super(`${fn}: ${field} ${rule}; got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'number' ? String(value) : typeof value;
}

function requireFinite(fn: string, field: string, xs: readonly number[]): void {
  if (xs.length === 0) throw new BenchStatsError(fn, field, 'must not be empty', xs);
  for (const x of xs) if (!Number.isFinite(x)) throw new BenchStatsError(fn, `${field} entries`, 'must be finite numbers', x);
}

/** The middle value of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  requireFinite('median', 'xs', xs);
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The arithmetic mean of `xs`. */
export function mean(xs: readonly number[]): number {
  requireFinite('mean', 'xs', xs);
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** `value / floor`: how many floors the value costs. The floor must be positive. */
export function ratio(value: number, floor: number): number {
  requireFinite('ratio', 'value', [value]);
  if (!Number.isFinite(floor) || floor <= 0) throw new BenchStatsError('ratio', 'floor', 'must be a positive finite number', floor);
  return value / floor;
}

/** Least-squares slope of `ys` against `xs` (units of y per unit of x). Needs two distinct x values. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  requireFinite('slope', 'xs', xs);
  requireFinite('slope', 'ys', ys);
  if (xs.length !== ys.length) throw new BenchStatsError('slope', 'ys', `must have as many entries as xs (${xs.length})`, ys);
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  if (den === 0) throw new BenchStatsError('slope', 'xs', 'must hold at least two distinct values', xs);
  return num / den;
}
