/**
 * The lane timeline: one column per tick and a band per lane. In each, the lane's budget is the
 * pale box, the events it ran are stacked inside in execution order (height = ops spent, colour =
 * status), the budget line marks what was available, and skipped events are drawn hatched on top —
 * past the line when they did not fit. A mark above the column flags errors and skips.
 * Owns: the timeline SVG. Must not: compute fold data (it reads the fold).
 */
import type { Lane, Status } from '@abraxas/ers';
import type { LaneTick, TrendFold } from '@abraxas/viz';
import { esc, px } from './format.js';
import { columns } from './layout.js';
import { STATUS_GLYPH, STATUS_LABEL } from './palette.js';

const BAND: { readonly [L in Lane]: number } = { forecast: 150, shadow: 100 };
const TOP = 24;
const GAP = 36;
const LABELS = 26;

/** Ops a lane needs drawn in a tick: its budget, or what it spent plus what it had to skip. */
function laneExtent(l: LaneTick): number {
  const skipped = l.events.filter((e) => !e.charged).reduce((s, e) => s + e.costOps, 0);
  return Math.max(l.available?.ops ?? 0, l.spentOps + skipped);
}

export function timelineSvg(fold: TrendFold): string {
  const cols = columns(fold.series.length);
  const barW = Math.max(8, Math.round(cols.width * 0.64));
  const inset = (cols.width - barW) / 2;
  const lanes: readonly Lane[] = ['forecast', 'shadow'];
  const cap = {
    forecast: Math.max(1, ...fold.series.map((t) => laneExtent(t.lanes.forecast))),
    shadow: Math.max(1, ...fold.series.map((t) => laneExtent(t.lanes.shadow))),
  };
  const bottom = { forecast: TOP + BAND.forecast, shadow: TOP + BAND.forecast + GAP + BAND.shadow };
  const height = bottom.shadow + LABELS;
  const y = (lane: Lane, ops: number): number => bottom[lane] - (ops * BAND[lane]) / cap[lane];

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" id="timeline-chart" role="img" aria-label="Lane timeline: events per lane per tick against the lane budget" width="${px(cols.total)}" height="${px(height)}" viewBox="0 0 ${px(cols.total)} ${px(height)}">`,
    '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="5" class="hatch-line"/></pattern></defs>',
  );
  for (const lane of lanes) {
    const top = bottom[lane] - BAND[lane];
    parts.push(
      `<g class="lane-label"><text x="12" y="${px(top + 14)}" class="lane-name">${lane}</text>`,
      `<text x="12" y="${px(top + 30)}" class="axis">ops (scale 0–${cap[lane]})</text></g>`,
      `<line class="baseline" x1="${px(cols.gutter - 6)}" x2="${px(cols.total - 8)}" y1="${px(bottom[lane])}" y2="${px(bottom[lane])}"/>`,
    );
  }

  fold.series.forEach((t, i) => {
    const x0 = cols.x(i);
    const bx = x0 + inset;
    parts.push(`<g class="tick-col" data-tick="${t.tick}">`);
    parts.push(`<rect class="hit" x="${px(x0)}" y="0" width="${px(cols.width)}" height="${px(height)}"><title>tick ${t.tick}</title></rect>`);
    for (const lane of lanes) {
      const l = t.lanes[lane];
      const avail = l.available?.ops ?? 0;
      parts.push(
        `<rect class="avail" data-lane="${lane}" x="${px(bx)}" y="${px(y(lane, avail))}" width="${px(barW)}" height="${px(bottom[lane] - y(lane, avail))}">` +
          `<title>tick ${t.tick} · ${lane} budget: ${l.spentOps} of ${avail} ops spent</title></rect>`,
      );
      let skippedAt = l.spentOps;
      for (const e of l.events) {
        const from = e.charged ? e.opsStart : skippedAt;
        const to = e.charged ? e.opsEnd : skippedAt + e.costOps;
        if (!e.charged) skippedAt = to;
        const y1 = y(lane, to);
        const h = y(lane, from) - y1;
        const detail = e.charged
          ? `${e.costOps} ops`
          : `needed ${e.costOps} ops, ${avail - e.opsStart} left`;
        parts.push(
          `<rect class="ev st-${e.status}" data-lane="${lane}" data-status="${e.status}" data-task="${esc(e.task)}" x="${px(bx)}" y="${px(y1)}" width="${px(barW)}" height="${px(Math.max(h, 0))}">` +
            `<title>tick ${t.tick} · ${esc(e.task)} · ${STATUS_LABEL[e.status]} · ${detail}</title></rect>`,
        );
      }
      parts.push(`<line class="budget-line" data-lane="${lane}" x1="${px(bx - 3)}" x2="${px(bx + barW + 3)}" y1="${px(y(lane, avail))}" y2="${px(y(lane, avail))}"/>`);
      const marks: Status[] = [];
      if (l.counts.error > 0) marks.push('error');
      if (l.counts.skipped_budget > 0) marks.push('skipped_budget');
      marks.forEach((status, k) => {
        const my = bottom[lane] - BAND[lane] - 4 - k * 12;
        parts.push(
          `<text class="marker mk-${status}" data-lane="${lane}" data-status="${status}" x="${px(x0 + cols.width / 2)}" y="${px(my)}">${STATUS_GLYPH[status]}</text>`,
        );
      });
    }
    if (cols.labelled(i, t.tick)) {
      parts.push(`<text class="tick-label" x="${px(x0 + cols.width / 2)}" y="${px(bottom.shadow + 17)}">${t.tick}</text>`);
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
