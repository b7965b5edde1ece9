/**
 * `renderReport`: the run as one self-contained HTML page — summary cards, the lane timeline,
 * budget spent against available per lane, the task × tick status matrix, the candidate metrics'
 * promotion stages and the table of errors and skips — from a fold of the run's TrendPacks and
 * its replayed promotion decisions. Inline CSS, SVG and JS only; a Content Security
 * Policy forbids any network access. Deterministic: the same fold gives the same bytes.
 * Owns: page assembly and the data embedded for the script. Must not: read files or the clock.
 */
import type { ResultsPack, RunHeader, SealedRunStability } from '@abraxas/runtime';
import type { TrendFold } from '@abraxas/viz';
import type { DemoPromotion } from '../promotion.js';
import { budgetSvg } from './budget-svg.js';
import { esc, int, pct, scriptJson } from './format.js';
import { incidentsTable, type IncidentMessage } from './incidents.js';
import { matrixSvg } from './matrix-svg.js';
import { STATUS_LABEL } from './palette.js';
import { promotionSvg, STAGE_LABEL } from './promotion-svg.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';
import { timelineSvg } from './timeline-svg.js';

export interface RenderReportInput {
  readonly fold: TrendFold;
  readonly runId: string;
  readonly mode: string;
  readonly seed: number;
  /** The run's root hash (Merkle root of its manifest). */
  readonly rootHash: string;
  /** Whether `verifyRun` found every artifact intact. */
  readonly verified: boolean;
  /** Messages of the tasks that threw (the TrendPack records the event, not the message). */
  readonly errors: readonly IncidentMessage[];
  /** The metrics' promotion timelines (replayed from the run's decision records). */
  readonly promotion: DemoPromotion;
  /** The sealed results of the chosen tick. */
  readonly results: ResultsPack;
  /** The reproducibility verdict sealed into the run. */
  readonly stability: SealedRunStability;
  /** The run's sealed header. */
  readonly header: RunHeader;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Per-tick data for the details panel. */
function panelData(input: RenderReportInput): unknown {
  return {
    run_id: input.runId,
    ticks: input.fold.series.map((t) => ({
      tick: t.tick,
      events: t.eventCount,
      errors: t.counts.error,
      skips: t.counts.skipped_budget,
      lanes: Object.fromEntries(
        (['forecast', 'shadow'] as const).map((lane) => {
          const l = t.lanes[lane];
          return [
            lane,
            {
              spent: l.spentOps,
              available: l.available?.ops ?? null,
              events: l.events.map((e) => ({
                task: e.task,
                status: e.status,
                label: STATUS_LABEL[e.status],
                ops: e.costOps,
                note:
                  e.status === 'error'
                    ? (input.errors.find((m) => m.tick === t.tick && m.task === e.task)?.message ?? null)
                    : e.status === 'skipped_budget'
                      ? `did not fit: ${(l.available?.ops ?? 0) - e.opsStart} ops left`
                      : null,
              })),
            },
          ];
        }),
      ),
      metrics: input.promotion.metrics.flatMap((m) => {
        const d = m.ticks.find((x) => x.tick === t.tick);
        return d === undefined ? [] : [{ metric: m.metric, stage: d.stage, decision: d.decision, reason: d.reason }];
      }),
    })),
  };
}

function card(label: string, value: string, cls = ''): string {
  return `<div class="card${cls === '' ? '' : ` ${cls}`}"><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
}

/** One row per task of the tick: name, status, and the sealed value as canonical JSON. */
/** The run header as a table: fingerprint, the packages that wrote the run, budgets and costs, promotion policy. */
function headerTable(h: RunHeader): string {
  const lane = (b: { readonly ops: number; readonly entropy: number }): string => `${int(b.ops)} ops, ${int(b.entropy)} entropy`;
  const c = h.costs;
  const rows: [string, string][] = [
    ['Fingerprint', h.fingerprint === null ? 'none' : `<code>${esc(h.fingerprint)}</code>`],
    ['Written by', Object.entries(h.packages).map(([name, v]) => `<code>${esc(name)}</code> ${esc(v)}`).join(', ')],
    ['Budgets', `forecast ${lane(c.budget_forecast)} · shadow ${lane(c.budget_shadow)}`],
    ['Costs', `signal ${int(c.forecast_cost_ops.signal)}, compress ${int(c.forecast_cost_ops.compress)}, overlay ${int(c.forecast_cost_ops.overlay)} ops · shadow task ${int(c.shadow_cost_ops)} ops`],
    ['Promotion', h.promotion === null ? 'none' : `<code>${esc(JSON.stringify(h.promotion))}</code>`],
  ];
  if (h.environment !== undefined) rows.push(['Environment', esc(`${h.environment.runtime} ${h.environment.version}, ${h.environment.platform}/${h.environment.arch}`)]);
  return `<table class="results-table header-table"><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

function resultsTable(pack: ResultsPack): string {
  const rows = Object.entries(pack.results).map(([task, r]) => {
    const value = 'value' in r ? JSON.stringify(r.value) : '';
    return `<tr><td><code>${esc(task)}</code></td><td>${esc(r.status)}</td><td class="mono">${esc(value.length > 200 ? `${value.slice(0, 199)}…` : value)}</td></tr>`;
  });
  return `<table class="results-table"><thead><tr><th>Task</th><th>Status</th><th>Value</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReport(input: RenderReportInput): string {
  const { fold } = input;
  const first = fold.ticks[0];
  const last = fold.ticks[fold.ticks.length - 1];
  const range = first === undefined || last === undefined ? 'none' : `${first}–${last}`;
  const events = fold.totals.forecast.eventCount + fold.totals.shadow.eventCount;
  const errors = fold.errors.length;
  const skips = fold.skips.length;
  const errorTicks = new Set(fold.errors.map((e) => e.tick)).size;
  const skipTicks = new Set(fold.skips.map((e) => e.tick)).size;
  const metrics = input.promotion.metrics;
  const promoted = metrics.filter((m) => m.final === 'promoted').length;

  const cards = [
    card('Ticks', `${int(fold.ticks.length)} <small class="sub">(${range})</small>`),
    card('Events', int(events)),
    card('Errors', `${int(errors)} <small class="sub">in ${int(errorTicks)} tick${errorTicks === 1 ? '' : 's'}</small>`, errors > 0 ? 'bad' : 'good'),
    card('Skips', `${int(skips)} <small class="sub">in ${int(skipTicks)} tick${skipTicks === 1 ? '' : 's'}</small>`, skips > 0 ? 'warn' : 'good'),
    card('Forecast used', esc(pct(fold.totals.forecast.utilisationOps))),
    card('Shadow used', esc(pct(fold.totals.shadow.utilisationOps))),
    card('Metrics promoted', `${promoted} <small class="sub">of ${metrics.length}</small>`),
    card('Verified', input.verified ? '✓ intact' : '✗ problems', input.verified ? 'good' : 'bad'),
    card(
      'Reproducible',
      `${input.stability.record.verdict === 'reproducible' ? '✓' : '✗'} ${esc(input.stability.record.verdict)} <small class="sub">${int(input.stability.record.runs)} runs, sealed</small>`,
      input.stability.record.verdict === 'reproducible' ? 'good' : 'bad',
    ),
    card('Root hash', `<span class="mono" id="root-hash">${esc(input.rootHash)}</span>`, 'wide'),
  ].join('');

  const legend = (items: readonly string[]): string => `<ul class="legend">${items.join('')}</ul>`;
  const sw = (cls: string, label: string): string => `<li><span class="sw ${cls}"></span>${esc(label)}</li>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Abraxas ERS report — run ${esc(input.runId)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Run <code>${esc(input.runId)}</code></h1>
<p class="sub">mode <code>${esc(input.mode)}</code> · input seed ${input.seed} · ERS v0.2 · built from the run's TrendPacks</p>
<dl class="cards">${cards}</dl>
</header>
<main>
<section id="timeline">
<h2>Lane timeline</h2>
<p class="hint">One column per tick. In each lane the pale box is the budget, the black line what was available, and the tasks that ran are stacked inside in execution order (height = ops). Hatched blocks are tasks skipped for budget, drawn where they would have gone.</p>
<div class="scroll">${timelineSvg(fold)}</div>
${legend([sw('st-ok', STATUS_LABEL.ok), sw('st-error', STATUS_LABEL.error), sw('st-skipped_budget', STATUS_LABEL.skipped_budget), sw('st-not_computable', STATUS_LABEL.not_computable), sw('avail', 'budget'), sw('line', 'available')])}
<div id="details" aria-live="polite"></div>
</section>
<section id="budget">
<h2>Budget spent vs available</h2>
<p class="hint">Per lane and tick: the bar is what the lane spent, the dashed line the budget it had, the label its utilisation.</p>
<div class="scroll">${budgetSvg(fold)}</div>
${legend([sw('dash', 'budget available'), '<li><span class="sw" style="background:#5a7bb5"></span>spent</li>', '<li><span class="sw" style="background:#b85a6a"></span>spent, with an error</li>'])}
</section>
<section id="matrix">
<h2>Task × tick status</h2>
<p class="hint">Every task in every tick; ✕ marks an error, ⊘ a skip for budget.</p>
<div class="scroll">${matrixSvg(fold)}</div>
</section>
<section id="promotion">
<h2>Metric promotion</h2>
<p class="hint">Each candidate metric's stage in every tick, from the run's replayed decision records. Candidates and shadow metrics run in the shadow lane, canaries in the forecast lane without being consumed, promoted metrics feed the pipeline. ▲ promoted after this tick, ▼ demoted, ↺ a failing tick (drift across the invariance runs, error, skip or cost) that reset the window.</p>
<div class="scroll">${promotionSvg(input.promotion, fold.ticks)}</div>
${legend((['candidate', 'shadow', 'canary', 'promoted'] as const).map((s) => sw(`sg-${s}`, STAGE_LABEL[s])))}
</section>
<section id="header">
<h2>Run header</h2>
<p class="hint">What wrote the run and under which settings, as its <code>RunHeader.v0</code> record seals it once per run (read back with <code>readRunHeader</code>, checked against the ledger; every RunIndex cites it).</p>
${headerTable(input.header)}
</section>
<section id="results">
<h2>Sealed results of tick ${int(input.results.tick)}</h2>
<p class="hint">What each task of the tick returned, as the run's <code>ResultsPack.v0</code> record seals it (read back with <code>readTickResults</code>, checked against the ledger).</p>
${resultsTable(input.results)}
</section>
<section id="stability">
<h2>Reproducibility</h2>
<p class="hint">The run's ticks were run ${int(input.stability.record.runs)} times end to end, each into a fresh folder, and their Merkle roots compared; the verdict is sealed in the run as <code>${esc(input.stability.ref)}</code> (<code>RunStability.v0</code>).</p>
<p><strong>${esc(input.stability.record.verdict)}</strong> · expected root <code>${esc(input.stability.record.expected_hash)}</code> · first mismatch ${input.stability.record.first_mismatch_index === null ? 'none' : `run ${int(input.stability.record.first_mismatch_index)}`}</p>
</section>
<section id="incidents">
<h2>Errors and skips</h2>
${incidentsTable(fold, input.errors)}
</section>
</main>
<footer>Run <code>${esc(input.runId)}</code> · root hash <code>${esc(input.rootHash)}</code> · generated by @abraxas/demo from TrendPack v0.1 files through @abraxas/viz and PromotionDecision.v0 records through @abraxas/runtime.</footer>
<script type="application/json" id="run-data">${scriptJson(panelData(input))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
