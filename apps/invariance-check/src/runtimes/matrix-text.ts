/**
 * The cross-runtime table as text: a header per runtime (its id and the version it reported), one
 * row per case with the reference's short hash and each runtime's (12 hex digits; `!` marks a
 * differing cell, `error` a case that threw, `n/a` a case the runtime cannot run), then what was
 * not run and why, the first divergence (case, runtime, event index, fields) and the verdict.
 * Owns: rendering a RuntimeMatrixReport. Must not: judge.
 */
import type { MatrixCell, RuntimeMatrixReport } from './runtime-matrix.js';

const SHORT = 12;

function short(hash: string | null): string {
  return hash === null ? '-' : hash.slice(0, SHORT);
}

function cellText(cell: MatrixCell | undefined): string {
  if (cell === undefined) return '-';
  if (cell.status === 'not_run') return 'n/a';
  if (cell.status === 'error') return 'error';
  return cell.status === 'differs' ? `${short(cell.hash)}!` : short(cell.hash);
}

export function renderMatrixText(report: RuntimeMatrixReport): string {
  const head = ['case', 'reference', ...report.runtimes.map((r) => r.id)];
  const rows = report.rows.map((row) => [row.case, row.reference.hash === null ? `(${row.reference.source})` : short(row.reference.hash), ...report.runtimes.map((r) => cellText(row.cells[r.id]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cols: readonly string[]): string => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out: string[] = [];
  out.push('ERS INVARIANCE ACROSS RUNTIMES');
  for (const r of report.runtimes) out.push(`  ${r.id.padEnd(8)} ${r.version} (${r.source})`);
  out.push('', line(head), ...rows.map(line));
  for (const n of report.not_run) out.push('', `not run in ${n.runtime}: ${n.kinds.join(', ')} cases; ${n.reason}`);
  const d = report.first_divergence;
  if (d !== null) {
    const where = [`case ${d.case}`, `runtime ${d.runtime}`];
    if (d.event_index !== null) where.push(`event ${String(d.event_index)}`);
    if (d.file !== null) where.push(`file ${d.file}`);
    if (d.fields.length > 0) where.push(`field ${d.fields.join(', ')}`);
    out.push('', `first divergence: ${where.join(', ')}`, `  expected: ${d.expected ?? '-'}`, `  actual:   ${d.actual ?? '-'}`, `  ${d.message}`);
  }
  const cells = report.rows.length * report.runtimes.length;
  out.push('', report.ok ? `ERS INVARIANCE ACROSS RUNTIMES: PASS (${String(report.rows.length)} cases x ${String(report.runtimes.length)} runtimes)` : `ERS INVARIANCE ACROSS RUNTIMES: FAIL (${String(report.differing_cells)} of ${String(cells)} cells differ)`);
  return `${out.join('\n')}\n`;
}
