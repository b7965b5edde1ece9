/**
 * Judging the cross-runtime table: every case (row) in every runtime (column) against its
 * reference (a pin, a golden vector, or Node 20's cell where no reference value exists). A cell is
 * `ok`, `differs`, `error` (the case threw in that runtime) or `not_run` (the runtime has no file
 * system for an IO case: reported with the reason, never counted as a pass of that cell). The first
 * divergence, in row then column order, is located to the event index and field paths for traces,
 * to field paths for JSON values, and to the file and its fields for artifact trees.
 * Owns: the verdict and the first divergence. Must not: run runtimes or print.
 */
import { compareCodePoints } from '@abraxas/internal';
import { type JsonValue } from '@abraxas/ers';
import { differingPaths } from '../reports/field-diff.js';
import type { CaseReference } from './case-references.js';
import type { CaseKind, ProbeCell, ProbeDetail, ProbeOutput } from './probe-types.js';
import type { RuntimeId } from './runtime-ids.js';

export const MATRIX_SCHEMA = 'RuntimeInvarianceMatrix.v1';

/** Kinds a runtime without a file system cannot compute, and why. */
export const IO_KINDS: readonly CaseKind[] = ['runtime-tree', 'runtime-trendpack', 'merkle-root'];
export const NO_FILE_SYSTEM =
  'a browser page has no file system: @abraxas/artifacts and @abraxas/runtime write and read files through node:fs, so the runtime-level cases run in Node, Bun and Deno only';

export type CellStatus = 'ok' | 'differs' | 'error' | 'not_run';

export interface MatrixCell {
  readonly status: CellStatus;
  readonly hash: string | null;
  /** Why the cell is an error or was not run. */
  readonly reason: string | null;
}

export interface MatrixRow {
  readonly case: string;
  readonly kind: CaseKind;
  readonly reference: { readonly hash: string | null; readonly source: CaseReference['source']; readonly problem: string | null };
  readonly cells: Readonly<Partial<Record<RuntimeId, MatrixCell>>>;
}

export interface FirstDivergence {
  readonly case: string;
  readonly runtime: RuntimeId;
  readonly expected: string | null;
  readonly actual: string | null;
  /** Trace cases: the first event that differs (or the first extra/missing one). */
  readonly event_index: number | null;
  /** Artifact trees: the first file that differs. */
  readonly file: string | null;
  /** Field paths that differ (inside the event, the value or the file). */
  readonly fields: readonly string[];
  readonly message: string;
}

export interface MatrixColumn {
  readonly id: RuntimeId;
  readonly version: string;
  readonly source: string;
}

export interface RuntimeMatrixReport {
  readonly schema: typeof MATRIX_SCHEMA;
  readonly ok: boolean;
  readonly exit_code: 0 | 1;
  readonly runtimes: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
  readonly not_run: readonly { readonly runtime: RuntimeId; readonly kinds: readonly CaseKind[]; readonly reason: string }[];
  readonly differing_cells: number;
  readonly first_divergence: FirstDivergence | null;
}

export interface ColumnResult {
  readonly id: RuntimeId;
  readonly source: string;
  readonly output: ProbeOutput;
}

/** Judges every cell of `columns` against `references`. `columns[0]` must be node20 (the baseline). */
export function judgeMatrix(references: readonly CaseReference[], columns: readonly ColumnResult[]): RuntimeMatrixReport {
  const byCase = columns.map((c) => new Map(c.output.cells.map((cell) => [cell.case, cell])));
  const baselineIndex = columns.findIndex((c) => c.id === 'node20');
  const rows: MatrixRow[] = [];
  const notRun = new Map<RuntimeId, Set<CaseKind>>();
  let differing = 0;
  let first: FirstDivergence | null = null;

  for (const ref of references) {
    const baseline = baselineIndex < 0 ? undefined : byCase[baselineIndex]?.get(ref.case);
    const expected = ref.hash ?? (baseline !== undefined && baseline.hash !== null ? baseline.hash : null);
    // The value diffs are taken against: the reference's own, else a runtime's cell that has the expected hash.
    const expectedDetail = ref.detail ?? detailWithHash(byCase, ref.case, expected);
    const cells: Partial<Record<RuntimeId, MatrixCell>> = {};
    columns.forEach((column, i) => {
      const got = byCase[i]?.get(ref.case);
      let cell: MatrixCell;
      if (got === undefined) {
        const io = IO_KINDS.includes(ref.kind) && column.id === 'chromium';
        if (io) notRun.set(column.id, (notRun.get(column.id) ?? new Set()).add(ref.kind));
        cell = io ? { status: 'not_run', hash: null, reason: NO_FILE_SYSTEM } : { status: 'error', hash: null, reason: 'the runtime returned no result for this case' };
      } else if (got.hash === null) {
        cell = { status: 'error', hash: null, reason: got.error };
      } else if (ref.problem !== null || expected === null || got.hash !== expected) {
        cell = { status: 'differs', hash: got.hash, reason: ref.problem ?? (expected === null ? 'Node 20 computed no baseline for this case' : null) };
      } else {
        cell = { status: 'ok', hash: got.hash, reason: null };
      }
      if (cell.status === 'differs' || cell.status === 'error') {
        differing += 1;
        first ??= locate(ref, column.id, expected, expectedDetail, got, cell);
      }
      cells[column.id] = cell;
    });
    rows.push({ case: ref.case, kind: ref.kind, reference: { hash: ref.hash, source: ref.source, problem: ref.problem }, cells });
  }
  const ok = differing === 0;
  return {
    schema: MATRIX_SCHEMA,
    ok,
    exit_code: ok ? 0 : 1,
    runtimes: columns.map((c) => ({ id: c.id, version: c.output.runtime, source: c.source })),
    rows,
    not_run: [...notRun].map(([runtime, kinds]) => ({ runtime, kinds: IO_KINDS.filter((k) => kinds.has(k)), reason: NO_FILE_SYSTEM })),
    differing_cells: differing,
    first_divergence: first,
  };
}

function detailWithHash(byCase: readonly Map<string, ProbeCell>[], id: string, hash: string | null): ProbeDetail | null {
  if (hash === null) return null;
  for (const m of byCase) {
    const c = m.get(id);
    if (c !== undefined && c.hash === hash) return c.detail;
  }
  return null;
}

function locate(ref: CaseReference, runtime: RuntimeId, expected: string | null, want: ProbeDetail | null, got: ProbeCell | undefined, cell: MatrixCell): FirstDivergence {
  const base = { case: ref.case, runtime, expected, actual: cell.hash, event_index: null, file: null, fields: [] as string[] };
  if (cell.status === 'error' || got === undefined || got.hash === null) return { ...base, message: `error: ${cell.reason ?? 'unknown'}` };
  if (ref.problem !== null) return { ...base, message: ref.problem };
  if (want === null) return { ...base, message: expected === null ? 'no baseline to compare with' : 'no runtime produced the reference value, so it cannot be diffed field by field' };
  const have = got.detail;
  if ('events' in want && 'events' in have) {
    const n = Math.max(want.events.length, have.events.length);
    for (let i = 0; i < n; i++) {
      const a = want.events[i];
      const b = have.events[i];
      if (a === undefined || b === undefined) {
        return { ...base, event_index: i, fields: ['(event)'], message: `event ${String(i)} is ${a === undefined ? 'extra' : 'missing'} (${String(want.events.length)} events expected, ${String(have.events.length)} produced)` };
      }
      const fields = differingPaths(a, b);
      if (fields.length > 0) return { ...base, event_index: i, fields, message: `event ${String(i)} differs in ${fields.join(', ')}` };
    }
    return { ...base, message: 'the events are equal but the hash differs' };
  }
  if ('files' in want && 'files' in have) {
    const paths = [...new Set([...Object.keys(want.files), ...Object.keys(have.files)])].sort(compareCodePoints);
    for (const path of paths) {
      if (want.files[path] === have.files[path]) continue;
      const fields = jsonFields(want.json[path], have.json[path]);
      const what = want.files[path] === undefined ? 'is extra' : have.files[path] === undefined ? 'is missing' : 'differs';
      return { ...base, file: path, fields, message: `file ${path} ${what}${fields.length > 0 ? ` in ${fields.join(', ')}` : ''}` };
    }
    return { ...base, message: 'the files are equal but the tree hash differs' };
  }
  if ('value' in want && 'value' in have) {
    const fields = differingPaths(want.value, have.value);
    return { ...base, fields, message: fields.length > 0 ? `differs in ${fields.join(', ')}` : 'the values are equal but the hash differs' };
  }
  return { ...base, message: 'the result has a different shape from the reference' };
}

function jsonFields(a: string | undefined, b: string | undefined): string[] {
  if (a === undefined || b === undefined) return [];
  try {
    return differingPaths(JSON.parse(a) as JsonValue, JSON.parse(b) as JsonValue);
  } catch {
    return [];
  }
}
