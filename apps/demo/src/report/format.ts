/**
 * Text helpers for the report: HTML escaping, deterministic number formatting (no locale) and
 * JSON safe to embed in a `<script>` element.
 * Owns: escaping and formatting. Must not: build markup structures.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML/SVG elements and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A coordinate with at most one decimal, the same on every platform. */
export function px(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** `part / whole` as a whole percentage, or an en dash when unknown. */
export function pct(ratio: number | null): string {
  return ratio === null ? '–' : `${String(Math.round(ratio * 100))}%`;
}

/** An integer with thin-space thousands separators (locale-free). */
export function int(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** JSON for a `<script type="application/json">`: `<` is escaped so no tag can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
