/**
 * The summary the demo prints when it is done: ticks, errors, skips (grouped by task, with their
 * ticks), the verification result, the run's root hash, and where to look.
 * Owns: summary text. Must not: print it (the CLI does) or run anything.
 */
import { compareCodePoints } from '@abraxas/ers';
import { isAbsolute, relative, sep } from 'node:path';
import type { DemoSummary } from './demo.js';

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
    `  errors     ${f.errors.length}${f.errors.length > 0 ? ` in ${errTicks} ticks` : ''}`,
    ...byTask(f.errors).map((l) => `               ${l}`),
    `  skips      ${f.skips.length}${f.skips.length > 0 ? ` in ${skipTicks} ticks` : ''}`,
    ...byTask(f.skips).map((l) => `               ${l}`),
    s.verify.ok
      ? `  verified   ok: ${s.verify.checked} artifacts match the manifest`
      : `  verified   FAILED: ${s.verify.problems.length} problems`,
    ...s.verify.problems.slice(0, 10).map((pr) => `               ${pr.problem} ${pr.path}: ${pr.detail}`),
    `  root hash  ${s.verify.root_hash}`,
    'Look at:',
    `  report     ${p(s.paths.report)}`,
    `  TrendPacks ${p(s.paths.trendpacks, true)}`,
    `  RunIndex   ${p(s.paths.runIndex, true)}`,
    `  manifest   ${p(s.paths.manifest)}`,
  ];
  return `${lines.join('\n')}\n`;
}
