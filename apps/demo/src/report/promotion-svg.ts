/**
 * The stage timeline of the run's candidate metrics: a row per metric (by name), a cell per tick
 * coloured by the stage the tick ran the metric at (candidate, shadow, canary, promoted), with ▲ on
 * the tick that promoted it, ▼ on one that demoted it and ↺ on a failing tick that reset its window.
 * Columns line up with the other charts and select a tick like them.
 * Owns: the promotion SVG and the stage vocabulary of the report. Must not: fold decision records.
 */
import type { PromotionStage } from '@abraxas/ers/promotion';
import type { DemoPromotion } from '../promotion.js';
import { esc, px } from './format.js';
import { columns } from './layout.js';

const ROW = 24;
const TOP = 6;
const LABELS = 26;

export const STAGE_LABEL: { readonly [S in PromotionStage]: string } = {
  candidate: 'candidate',
  shadow: 'shadow (observed)',
  canary: 'canary (forecast lane, not consumed)',
  promoted: 'promoted (consumed)',
};

/** `ticks`: the run's ticks, in the order of the other charts' columns. */
export function promotionSvg(promotion: DemoPromotion, ticks: readonly number[]): string {
  const cols = columns(ticks.length);
  const rows = promotion.metrics;
  const height = TOP + rows.length * ROW + LABELS;
  const parts: string[] = [
    `<svg class="chart" id="promotion-chart" role="img" aria-label="Promotion stage of every candidate metric in every tick" width="${px(cols.total)}" height="${px(height)}" viewBox="0 0 ${px(cols.total)} ${px(height)}">`,
  ];
  rows.forEach((m, r) => {
    const y = TOP + r * ROW;
    parts.push(
      `<g class="stage-row" data-metric="${esc(m.metric)}" data-final="${m.final}">` +
        `<rect class="row-band" x="${px(cols.gutter)}" y="${px(y)}" width="${px(cols.width * ticks.length)}" height="${px(ROW)}"/>` +
        `<text class="task-name" x="${px(cols.gutter - 10)}" y="${px(y + ROW / 2 + 4)}">${esc(m.metric)}</text></g>`,
    );
  });
  ticks.forEach((tick, i) => {
    const x0 = cols.x(i);
    parts.push(`<g class="tick-col" data-tick="${tick}">`);
    rows.forEach((m, r) => {
      const t = m.ticks.find((d) => d.tick === tick);
      if (t === undefined) return;
      const y = TOP + r * ROW;
      const title = `tick ${tick} · ${m.metric} · ${STAGE_LABEL[t.stage]}, ${t.lane} lane · ${t.decision}: ${t.reason}`;
      parts.push(
        `<rect class="stage-cell sg-${t.stage}" data-metric="${esc(m.metric)}" data-stage="${t.stage}" data-decision="${t.decision}" data-tick="${tick}" ` +
          `x="${px(x0 + 1)}" y="${px(y + 1)}" width="${px(cols.width - 2)}" height="${px(ROW - 2)}"><title>${esc(title)}</title></rect>`,
      );
      const mark = t.decision === 'promote' ? '▲' : t.decision === 'demote' ? '▼' : t.fail !== null ? '↺' : '';
      if (mark !== '') {
        parts.push(`<text class="stage-mark mk-${t.decision}" data-metric="${esc(m.metric)}" x="${px(x0 + cols.width / 2)}" y="${px(y + ROW / 2 + 4)}">${mark}</text>`);
      }
    });
    if (cols.labelled(i, tick)) parts.push(`<text class="tick-label" x="${px(x0 + cols.width / 2)}" y="${px(TOP + rows.length * ROW + 17)}">${tick}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
