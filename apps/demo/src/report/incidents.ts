/**
 * The table of every error and skip of the run, by tick then execution order, with the error's
 * message or how much the skipped task needed against what its lane had left.
 * Owns: the incidents table. Must not: compute fold data.
 */
import type { TrendFold } from '@abraxas/viz';
import { esc } from './format.js';
import { STATUS_GLYPH, STATUS_LABEL } from './palette.js';

export interface IncidentMessage {
  readonly tick: number;
  readonly task: string;
  readonly message: string;
}

export function incidentsTable(fold: TrendFold, messages: readonly IncidentMessage[]): string {
  const rows: string[] = [];
  for (const t of fold.series) {
    const events = [...t.lanes.forecast.events, ...t.lanes.shadow.events].sort((a, b) => a.position - b.position);
    for (const e of events) {
      if (e.status !== 'error' && e.status !== 'skipped_budget') continue;
      const avail = t.lanes[e.lane].available?.ops;
      const detail =
        e.status === 'error'
          ? (messages.find((m) => m.tick === t.tick && m.task === e.task)?.message ?? 'the task threw')
          : `needed ${e.costOps} ops; ${avail === undefined ? '?' : avail - e.opsStart} of ${avail ?? '?'} left`;
      rows.push(
        `<tr class="incident" data-tick="${t.tick}" data-status="${e.status}">` +
          `<td class="num">${t.tick}</td><td>${e.lane}</td><td><code>${esc(e.task)}</code></td>` +
          `<td><span class="badge st-${e.status}">${STATUS_GLYPH[e.status]} ${STATUS_LABEL[e.status]}</span></td>` +
          `<td class="num">${e.costOps}</td><td>${esc(detail)}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) return '<p class="none">No errors and no skips in this run.</p>';
  return (
    '<div class="table-scroll"><table class="incidents"><thead><tr><th>Tick</th><th>Lane</th><th>Task</th><th>Status</th><th>Ops</th><th>Detail</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}
