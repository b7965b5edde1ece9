/**
 * Number formatting for labels and the printed table, independent of the locale: `100000` is
 * `100,000`, milliseconds get 3 significant digits.
 * Owns: how figures are written for people. Must not: round anything that is stored in results.json.
 */

/** An integer with `,` between groups of three digits. */
export function thousands(n: number): string {
  const [int = '', frac] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Milliseconds with three significant digits (at least one decimal under 10 ms). */
export function ms(value: number): string {
  if (value >= 100) return `${thousands(Math.round(value))} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(3)} ms`;
}

/** A ratio as `1.23x`. */
export function times(value: number): string {
  return `${value.toFixed(2)}x`;
}
