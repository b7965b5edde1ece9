/**
 * A small, pure field-path diff of two JSON values, for divergence reports: every leaf of either
 * side as a row (path, left, right), and the paths that differ, written as a reader would type
 * them (`status`, `meta.tags[1]`, `meta["odd key"]`). Object keys are walked in code-point order
 * (the canonical order), array items by index; a field present on one side only is a difference.
 * Owns: the diff and the path notation. Must not: print or know about runs.
 */
import { compareCodePoints } from '@abraxas/internal';
import { canonicalJson } from '@abraxas/ers';

/** One leaf of the side-by-side view. `a`/`b` are canonical JSON texts, null where absent. */
export interface FieldRow {
  readonly path: string;
  readonly a: string | null;
  readonly b: string | null;
  readonly differs: boolean;
}

const ABSENT: unique symbol = Symbol('absent');
type Slot = unknown;

/** Every leaf of `a` and `b`, merged in canonical order, each marked as differing or not. */
export function fieldRows(a: unknown, b: unknown): FieldRow[] {
  const rows: FieldRow[] = [];
  walk(a, b, '', rows);
  return rows;
}

/** The paths at which `a` and `b` differ (empty when they are equal). */
export function differingPaths(a: unknown, b: unknown): string[] {
  return fieldRows(a, b)
    .filter((r) => r.differs)
    .map((r) => r.path);
}

/** `base` extended with an object key: `.key` for identifiers, `["key"]` otherwise. */
export function keyPath(base: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

function walk(x: Slot, y: Slot, path: string, rows: FieldRow[]): void {
  const kx = kind(x);
  const ky = kind(y);
  if (isMergeable(kx, ky, 'object') && (size(x) > 0 || size(y) > 0)) {
    const keys = new Set<string>([...ownKeys(x), ...ownKeys(y)]);
    for (const key of [...keys].sort(compareCodePoints)) walk(field(x, key), field(y, key), keyPath(path, key), rows);
    return;
  }
  if (isMergeable(kx, ky, 'array') && (size(x) > 0 || size(y) > 0)) {
    const n = Math.max(size(x), size(y));
    for (let i = 0; i < n; i++) walk(item(x, i), item(y, i), `${path}[${i}]`, rows);
    return;
  }
  const a = x === ABSENT ? null : canonicalJson(x);
  const b = y === ABSENT ? null : canonicalJson(y);
  rows.push({ path, a, b, differs: a !== b });
}

type Kind = 'absent' | 'object' | 'array' | 'leaf';

function kind(v: Slot): Kind {
  if (v === ABSENT) return 'absent';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' && v !== null) return 'object';
  return 'leaf';
}

/** Both sides are `k` containers, or one is and the other is absent. */
function isMergeable(kx: Kind, ky: Kind, k: 'object' | 'array'): boolean {
  return (kx === k || kx === 'absent') && (ky === k || ky === 'absent') && !(kx === 'absent' && ky === 'absent');
}

function size(v: Slot): number {
  if (v === ABSENT) return 0;
  return Array.isArray(v) ? v.length : Object.keys(v as object).length;
}

function ownKeys(v: Slot): string[] {
  return v === ABSENT ? [] : Object.keys(v as object);
}

function field(v: Slot, key: string): Slot {
  if (v === ABSENT || !Object.prototype.hasOwnProperty.call(v, key)) return ABSENT;
  return (v as Record<string, unknown>)[key];
}

function item(v: Slot, i: number): Slot {
  if (v === ABSENT || i >= (v as unknown[]).length) return ABSENT;
  return (v as unknown[])[i];
}
