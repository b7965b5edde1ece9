/**
 * String comparison by Unicode code point, as Python compares `str`. JavaScript's `<` compares
 * UTF-16 code units, which disagrees with code points when an astral character (a surrogate pair)
 * meets a BMP character in U+E000..U+FFFF. Never locale-dependent.
 * Owns: the one string order used for task names and canonical JSON keys.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` by code point. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return lift(x) - lift(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000..U+FFFF so code-unit order becomes code-point order. */
function lift(unit: number): number {
  if (unit <= 0xdfff) return unit + 0x2000;
  return unit - 0x800;
}
