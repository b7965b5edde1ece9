/**
 * Budget per lane per tick: for each lane a band where each tick's bar is what the lane spent, the
 * dashed step line is the budget it had, and the label above the bar is the utilisation.
 * Owns: the budget SVG. Must not: compute fold data (it reads the fold).
 */
import type { Lane } from '@abraxas/ers';
import type { TrendFold } from '@abraxas/viz';
import { esc, pct, px } from './format.js';
import { columns } from './layout.js';

const BAND = 90;
const TOP = 22;
const GAP = 40;
const LABELS = 26;

export function budgetSvg(fold: TrendFold): string {
  const cols = columns(fold.series.length);
  const barW = Math.max(8, Math.round(cols.width * 0.64));
  const inset = (cols.width - barW) / 2;
  const lanes: readonly Lane[] = ['forecast', 'shadow'];
  const height = TOP + lanes.length * BAND + (lanes.length - 1) * GAP + LABELS;
  const parts: string[] = [
    `<svg class="chart" id="budget-chart" role="img" aria-label="Budget spent against budget available, per lane per tick" width="${px(cols.total)}" height="${px(height)}" viewBox="0 0 ${px(cols.total)} ${px(height)}">`,
  ];
  lanes.forEach((lane, li) => {
    const bottom = TOP + BAND + li * (BAND + GAP);
    const cap = Math.max(1, ...fold.series.map((t) => Math.max(t.lanes[lane].available?.ops ?? 0, t.lanes[lane].spentOps)));
    const y = (ops: number): number => bottom - (ops * BAND) / cap;
    const totals = fold.totals[lane];
    parts.push(
      `<g class="lane-label"><text x="12" y="${px(bottom - BAND + 12)}" class="lane-name">${lane}</text>`,
      `<text x="12" y="${px(bottom - BAND + 28)}" class="axis">${totals.spentOps} of ${totals.available?.ops ?? '?'} ops</text>`,
      `<text x="12" y="${px(bottom - BAND + 42)}" class="axis">used ${pct(totals.utilisationOps)}</text></g>`,
      `<line class="baseline" x1="${px(cols.gutter - 6)}" x2="${px(cols.total - 8)}" y1="${px(bottom)}" y2="${px(bottom)}"/>`,
    );
    let step = '';
    fold.series.forEach((t, i) => {
      const l = t.lanes[lane];
      const x0 = cols.x(i);
      const avail = l.available?.ops ?? 0;
      step += `${i === 0 ? 'M' : 'L'}${px(x0)} ${px(y(avail))}H${px(x0 + cols.width)}`;
      parts.push(
        `<g class="tick-col" data-tick="${t.tick}">`,
        `<rect class="hit" x="${px(x0)}" y="${px(bottom - BAND - 14)}" width="${px(cols.width)}" height="${px(BAND + 14)}"/>`,
        `<rect class="spent ${l.counts.error > 0 ? 'has-error' : ''}${l.counts.skipped_budget > 0 ? ' has-skip' : ''}" data-lane="${lane}" data-tick="${t.tick}" x="${px(x0 + inset)}" y="${px(y(l.spentOps))}" width="${px(barW)}" height="${px(bottom - y(l.spentOps))}">` +
          `<title>tick ${t.tick} · ${lane}: spent ${l.spentOps} of ${avail} ops (${pct(l.utilisationOps)}), ${l.remaining?.ops ?? '?'} left</title></rect>`,
      );
      if (cols.width >= 28) {
        parts.push(`<text class="util" x="${px(x0 + cols.width / 2)}" y="${px(Math.min(y(l.spentOps), y(avail)) - 4)}">${esc(pct(l.utilisationOps))}</text>`);
      }
      parts.push('</g>');
    });
    parts.push(`<path class="avail-line" data-lane="${lane}" d="${step}"/>`);
  });
  const labelY = TOP + lanes.length * BAND + (lanes.length - 1) * GAP + 17;
  fold.series.forEach((t, i) => {
    if (cols.labelled(i, t.tick)) parts.push(`<text class="tick-label" x="${px(cols.x(i) + cols.width / 2)}" y="${px(labelY)}">${t.tick}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
