/**
 * The task × tick status matrix: a row per task (by name), a cell per tick coloured by status, with
 * a glyph on errors and skips so they read without colour; empty where the task did not appear.
 * Owns: the matrix SVG. Must not: compute fold data (it reads the fold's matrix).
 */
import type { TrendFold } from '@abraxas/viz';
import { esc, px } from './format.js';
import { columns } from './layout.js';
import { STATUS_GLYPH, STATUS_LABEL } from './palette.js';

const ROW = 22;
const TOP = 6;
const LABELS = 26;

export function matrixSvg(fold: TrendFold): string {
  const cols = columns(fold.matrix.ticks.length);
  const rows = fold.matrix.rows;
  const height = TOP + rows.length * ROW + LABELS;
  const parts: string[] = [
    `<svg class="chart" id="matrix-chart" role="img" aria-label="Status of every task in every tick" width="${px(cols.total)}" height="${px(height)}" viewBox="0 0 ${px(cols.total)} ${px(height)}">`,
  ];
  rows.forEach((row, r) => {
    const y = TOP + r * ROW;
    parts.push(`<text class="task-name" x="${px(cols.gutter - 10)}" y="${px(y + ROW / 2 + 4)}">${esc(row.task)}</text>`);
  });
  fold.matrix.ticks.forEach((tick, i) => {
    const x0 = cols.x(i);
    parts.push(`<g class="tick-col" data-tick="${tick}">`);
    rows.forEach((row, r) => {
      const cell = row.cells[i];
      if (cell === null || cell === undefined) return;
      const y = TOP + r * ROW;
      parts.push(
        `<rect class="cell st-${cell.status}" data-status="${cell.status}" data-task="${esc(row.task)}" x="${px(x0 + 1)}" y="${px(y + 1)}" width="${px(cols.width - 2)}" height="${px(ROW - 2)}">` +
          `<title>tick ${tick} · ${esc(row.task)} · ${STATUS_LABEL[cell.status]} · ${cell.costOps} ops</title></rect>`,
      );
      const glyph = STATUS_GLYPH[cell.status];
      if (glyph !== '') {
        parts.push(`<text class="glyph mk-${cell.status}" data-status="${cell.status}" x="${px(x0 + cols.width / 2)}" y="${px(y + ROW / 2 + 4)}">${glyph}</text>`);
      }
    });
    if (cols.labelled(i, tick)) parts.push(`<text class="tick-label" x="${px(x0 + cols.width / 2)}" y="${px(TOP + rows.length * ROW + 17)}">${tick}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
