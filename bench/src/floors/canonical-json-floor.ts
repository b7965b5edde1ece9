/**
 * The floor of `canonicalJson`: the same value copied beforehand with every object's keys already
 * in code-point order, so writing it is one native `JSON.stringify` — no checks, no sorting, no copy.
 * Owns: the canonical-JSON floor. Must not: use @abraxas/ers's canonical JSON.
 */
import { compareCodePoints } from '@abraxas/internal';

/** Prepares the floor's input (not timed): a deep copy with keys inserted in code-point order. */
export function presorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(presorted);
  if (value === null || typeof value !== 'object') return value;
  const src = value as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src).sort(compareCodePoints)) out[k] = presorted(src[k]);
  return out;
}

export function canonicalJsonFloor(sorted: unknown): string {
  return JSON.stringify(sorted);
}
