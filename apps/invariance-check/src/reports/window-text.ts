/**
 * The text of a stabilization-window report: a matrix with one row per budget variation and one
 * column per tick (`ok`, `DRIFT` or `ERROR`), each row's stable window, then one line per drifting
 * cell naming the first mismatching run, the event and the differing fields.
 * Owns: the window text layout. Must not: compute verdicts.
 */
import type { WindowReport } from '../gate/stabilization-window.js';

export function renderWindowText(report: WindowReport): string {
  const { ticks } = report;
  const last = ticks.length - 1;
  const lines = [
    `STABILIZATION WINDOW: ${report.scenario.id} (${report.scenario.source}), ticks 0..${last}, ${report.runs} runs per cell, mode ${report.mode}`,
  ];
  const header = ['budget f/s', ...ticks.map((t) => `t${t}`), 'stable window'];
  const rows = report.budgets.map((b) => {
    const cells = report.cells.filter((c) => c.budget === b.label);
    const stable = report.windows.find((w) => w.budget === b.label)?.stable_ticks ?? 0;
    return [
      b.label,
      ...cells.map((c) => (c.error !== null ? 'ERROR' : c.ok ? 'ok' : 'DRIFT')),
      stable === 0 ? 'none' : stable === ticks.length ? `ticks 0..${last} (all)` : `ticks 0..${stable - 1}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) lines.push(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
  for (const c of report.cells) {
    if (c.error !== null) lines.push(`error: budget ${c.budget}, tick ${c.tick}: ${c.error}`);
    else if (!c.ok) {
      const d = c.divergences[0];
      const where = d === undefined ? '' : ` at event ${d.event_index}; differing fields: ${d.paths.join(', ')}`;
      lines.push(`drift: budget ${c.budget}, tick ${c.tick}: run ${c.first_mismatch_index ?? '?'} differs from run 0${where}`);
    }
  }
  const invariant = report.cells.filter((c) => c.ok).length;
  lines.push(`ERS STABILIZATION: ${report.ok ? 'PASS' : 'FAIL'} (${invariant}/${report.cells.length} cells invariant)`);
  return `${lines.join('\n')}\n`;
}
