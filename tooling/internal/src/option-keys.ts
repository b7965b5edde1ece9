/**
 * Unknown option keys: an options object may hold only the keys its function reads, so a misspelt
 * option (`budgetshadow`) is refused, naming the nearest known key, instead of silently ignored.
 * Each package raises its own error class around these (its `option-keys.ts` or `validate.ts`).
 * Owns: the key lists, the rule's wording and the nearest known key. Must not: throw or read option values.
 */

/** The known keys of an options type, listed once (the mapped type makes the list complete). */
export function optionKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/** `is not a known option; did you mean x?` (or the list of known keys when none is near). */
export function unknownKeyRule(key: string, known: readonly string[]): string {
  const near = nearestKey(key, known);
  return near === null ? `is not a known option; known options are ${known.join(', ')}` : `is not a known option; did you mean ${near}?`;
}

/** `; did you mean x?` for the known key nearest to `key`, or `''` when none is near. */
export function didYouMean(key: string, known: readonly string[]): string {
  const near = nearestKey(key, known);
  return near === null ? '' : `; did you mean ${near}?`;
}

/**
 * The known key nearest to `key`: one equal ignoring case, else the first with the smallest edit
 * distance (insert, delete, substitute, swap neighbours) if that is at most a third of its length.
 */
function nearestKey(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : null;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), by UTF-16 unit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2] as number[])[j - 2] as number + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
