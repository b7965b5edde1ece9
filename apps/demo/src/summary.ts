/**
 * The summary the demo prints when it is done: ticks, errors, skips (grouped by task, with their
 * ticks), each metric's promotion path and the ticks that reset its window, the verification
 * result, the run's root hash, and where to look.
 * Owns: summary text. Must not: print it (the CLI does) or run anything.
 */
import { compareCodePoints } from '@abraxas/internal';
import { isAbsolute, relative, sep } from 'node:path';
import type { DemoSummary } from './demo.js';
import type { FailCause, MetricTimeline } from './promotion.js';

const MAX_TICKS_LISTED = 12;

/** `task at ticks 3, 11, 19` per task, tasks by name. */
function byTask(items: readonly { tick: number; task: string }[]): string[] {
  const groups = new Map<string, number[]>();
  for (const i of items) groups.set(i.task, [...(groups.get(i.task) ?? []), i.tick]);
  return [...groups.keys()].sort(compareCodePoints).map((task) => {
    const ticks = groups.get(task) ?? [];
    const shown = ticks.slice(0, MAX_TICKS_LISTED).join(', ');
    const more = ticks.length > MAX_TICKS_LISTED ? ` … (+${ticks.length - MAX_TICKS_LISTED} more)` : '';
    return `${task} at tick${ticks.length === 1 ? '' : 's'} ${shown}${more}`;
  });
}

/** Ticks as `3, 11, 19`, at most MAX_TICKS_LISTED of them. */
function tickList(ticks: readonly number[]): string {
  const more = ticks.length > MAX_TICKS_LISTED ? ` … (+${ticks.length - MAX_TICKS_LISTED} more)` : '';
  return `${ticks.slice(0, MAX_TICKS_LISTED).join(', ')}${more}`;
}

const CAUSE: { readonly [C in FailCause]: string } = {
  drift: 'invariance drift',
  error: 'error',
  skipped_budget: 'skip',
  not_computable: 'not computable',
  absent: 'absent',
  cost: 'cost',
};

/** `volatility  promoted: shadow at tick 0, canary at 6, promoted at 12` and the ticks that failed, by cause. */
function metricLine(m: MetricTimeline, width: number): string {
  const moves = m.ticks.filter((t) => t.decision !== 'hold').map((t, i) => `${t.next} at ${i === 0 ? 'tick ' : ''}${t.tick}`);
  const causes = new Map<FailCause, number[]>();
  for (const t of m.ticks) if (t.fail !== null) causes.set(t.fail, [...(causes.get(t.fail) ?? []), t.tick]);
  const resets = [...causes].map(([cause, ticks]) => `${CAUSE[cause]} at tick${ticks.length === 1 ? '' : 's'} ${tickList(ticks)}`);
  return (
    `${m.metric.padEnd(width)}  ${m.final}` +
    (moves.length > 0 ? `: ${moves.join(', ')}` : '') +
    (resets.length > 0 ? `; window reset by ${resets.join(', ')}` : '')
  );
}

/** ` in 3 ticks` when some tick holds more than one of the `count` items, else nothing (the lines below list the ticks). */
function inTicks(count: number, ticks: number): string {
  return count > ticks ? ` in ${ticks} tick${ticks === 1 ? '' : 's'}` : '';
}

/** A path as the user can type it from `cwd`: relative when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function formatSummary(s: DemoSummary, cwd: string): string {
  const f = s.fold;
  const first = f.ticks[0];
  const last = f.ticks[f.ticks.length - 1];
  const events = f.totals.forecast.eventCount + f.totals.shadow.eventCount;
  const errTicks = new Set(f.errors.map((e) => e.tick)).size;
  const skipTicks = new Set(f.skips.map((e) => e.tick)).size;
  const p = (path: string, dir = false): string => displayPath(path, cwd) + (dir ? sep : '');
  const lines = [
    `Abraxas demo: run ${s.runId} (mode ${s.mode}, input seed ${s.seed})`,
    `  ticks      ${f.ticks.length}${first === undefined || last === undefined ? '' : ` (${first}–${last})`}, ${events} events`,
    ...(s.resumedFrom === 0
      ? []
      : s.resumedFrom === s.ticks
        ? ['               a rerun: the folder already held every tick, and each matched']
        : [`               continued: ticks 0–${s.resumedFrom - 1} were already in the folder, and each matched`]),
    `  errors     ${f.errors.length}${inTicks(f.errors.length, errTicks)}`,
    ...byTask(f.errors).map((l) => `               ${l}`),
    `  skips      ${f.skips.length}${inTicks(f.skips.length, skipTicks)}`,
    ...byTask(f.skips).map((l) => `               ${l}`),
    `  metrics    ${s.promotion.metrics.length} candidate${s.promotion.metrics.length === 1 ? '' : 's'}, ${s.promotion.replayed} decisions replayed from the ledger`,
    ...s.promotion.metrics.map((m) => `               ${metricLine(m, Math.max(...s.promotion.metrics.map((x) => x.metric.length)))}`),
    s.verify.ok
      ? `  verified   ok: ${s.verify.checked} artifacts match the manifest`
      : `  verified   FAILED: ${s.verify.problems.length} problems`,
    ...s.verify.problems.slice(0, 10).map((pr) => `               ${pr.problem} ${pr.path}: ${pr.detail}`),
    `  root hash  ${s.verify.root_hash}`,
    `  stability  ${s.stability.record.verdict}: ${String(s.stability.record.runs)} runs end to end agree${s.stability.record.verdict === 'reproducible' ? '' : ' NOT'} on the root; sealed as ${s.stability.ref}`,
    `  results    tick ${String(s.results.tick)}: ${Object.entries(s.results.results).map(([task, r]) => `${task} ${r.status}`).join(', ')} (sealed ResultsPack)`,
    `  header     ${s.header.fingerprint ?? 'no fingerprint'}; written by ${Object.entries(s.header.packages).map(([name, v]) => `${name} ${v}`).join(', ')} (sealed RunHeader)`,
    'Look at:',
    `  report     ${p(s.paths.report)}`,
    `  TrendPacks ${p(s.paths.trendpacks, true)}`,
    `  RunIndex   ${p(s.paths.runIndex, true)}`,
    `  promotion  ${p(s.paths.promotion, true)}`,
    `  results    ${p(s.paths.results, true)}`,
    `  header     ${p(s.paths.header, true)}`,
    `  manifest   ${p(s.paths.manifest)}`,
  ];
  return `${lines.join('\n')}\n`;
}
