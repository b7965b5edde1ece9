/**
 * A sealed tick run again with another outcome, refused by the store, restated in the caller's
 * terms: the call, the tick, the artifact and the first differing field (every field for a header).
 * Owns: the conflict message. Must not: write anything or decide whether a tick conflicts.
 */
import { ArtifactConflictError, type ArtifactStore, type WriteJsonOptions } from '@abraxas/artifacts';
import { compareCodePoints, isPlainObject } from '@abraxas/internal';
import { HEADER_KIND } from './run-header/record.js';

/** Re-raises the store's conflict as the caller's, naming the first differing field; other errors pass through. */
export async function explainConflict(fn: string, store: ArtifactStore, tick: number, items: readonly WriteJsonOptions[], err: unknown): Promise<never> {
  if (!(err instanceof ArtifactConflictError)) throw err;
  const item = items.find((i) => i.relPath === err.relPath);
  let where = '';
  if (item !== undefined) {
    let stored: unknown;
    try {
      stored = JSON.parse(new TextDecoder().decode((await store.readRecord(item.runId, err.relPath)).bytes));
    } catch {
      stored = undefined;
    }
    const now: unknown = JSON.parse(JSON.stringify(item.obj));
    if (item.kind === HEADER_KIND && stored !== undefined) {
      const detail = err.message.slice(err.message.indexOf('; ') + 2);
      throw new ArtifactConflictError(fn, err.relPath, `${headerDifference(stored, now)}; ${detail}`);
    }
    const diff = stored === undefined ? null : firstDifference(stored, now, '');
    where = diff === null
      ? ` ${item.kind} differs from the stored one`
      : ` ${item.kind} differs at ${diff.path}: stored ${brief(diff.stored)}, this tick ${brief(diff.now)}`;
  }
  const detail = err.message.slice(err.message.indexOf('; ') + 2);
  throw new ArtifactConflictError(fn, err.relPath, `tick ${tick} was sealed with a different outcome:${where}; ${detail}`);
}

/** How a run's header differs from the stored one: every differing field, with both values. */
export function headerDifference(stored: unknown, now: unknown): string {
  const all: Difference[] = [];
  differences(stored, now, '', all);
  const listed = all.map((d) => `${d.path}: stored ${brief(d.stored)}, this run ${brief(d.now)}`).join('; ');
  return `the run was sealed with a different header (${all.length === 1 ? '1 field differs' : `${all.length} fields differ`}: ${listed})`;
}

interface Difference {
  readonly path: string;
  readonly stored: unknown;
  readonly now: unknown;
}

/** Every path (keys by code point, arrays by index) where two JSON values differ, pushed to `out` in that order. */
function differences(stored: unknown, now: unknown, path: string, out: Difference[]): void {
  if (isPlainObject(stored) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(now)])].sort(compareCodePoints);
    for (const k of keys) differences(stored[k], now[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  if (Array.isArray(stored) && Array.isArray(now)) {
    for (let i = 0; i < Math.max(stored.length, now.length); i++) differences(stored[i], now[i], `${path}[${i}]`, out);
    return;
  }
  if (!Object.is(stored, now)) out.push({ path: path === '' ? '(the whole value)' : path, stored, now });
}

/** The first path (keys by code point, arrays by index) where two JSON values differ, or null. */
function firstDifference(stored: unknown, now: unknown, path: string): Difference | null {
  if (Array.isArray(stored) && Array.isArray(now)) {
    for (let i = 0; i < Math.max(stored.length, now.length); i++) {
      if (i >= stored.length || i >= now.length) return { path: `${path}[${i}]`, stored: stored[i], now: now[i] };
      const d = firstDifference(stored[i], now[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isPlainObject(stored) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(now)])].sort(compareCodePoints);
    for (const k of keys) {
      const d = firstDifference(stored[k], now[k], path === '' ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(stored, now) ? null : { path: path === '' ? '(the whole value)' : path, stored, now };
}

/**
 * About 80 characters of `value` (parsed JSON) written as JSON, however long or deep it is: a stored
 * value is whatever the file holds, and writing all of it could exhaust the stack or the memory.
 */
function brief(value: unknown): string {
  if (value === undefined) return 'nothing';
  const parts: string[] = [];
  let size = 0;
  const put = (s: string): void => {
    parts.push(s);
    size += s.length;
  };
  const walk = (v: unknown): void => {
    if (size > BRIEF) return;
    if (v === null || typeof v !== 'object') {
      put(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length && size <= BRIEF; i++) {
        if (i > 0) put(',');
        walk(v[i]);
      }
      put(']');
    } else {
      put('{');
      let first = true;
      for (const key of Object.keys(v)) {
        if (size > BRIEF) break;
        put(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        walk((v as Record<string, unknown>)[key]);
      }
      put('}');
    }
  };
  walk(value);
  const text = parts.join('');
  return text.length > BRIEF ? `${text.slice(0, BRIEF - 3)}...` : text;
}

const BRIEF = 80;
