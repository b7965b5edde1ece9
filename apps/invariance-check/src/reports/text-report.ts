/**
 * The human report. The canonical scenario's block is exactly the spec's two lines when it
 * passes (`ERS INVARIANCE: PASS`, `hash: <hash>`), so bare `pnpm invariance` prints nothing else;
 * other scenarios' blocks start with a `scenario:` line. A drifting scenario lists the expected
 * hash, every run's hash, the first mismatching run, and for every group of mismatching runs (runs
 * with the same hash have the same trace) the diverging event side by side with the differing fields.
 * Owns: the text layout. Must not: compute verdicts.
 */
import type { DivergenceSide } from '@abraxas/ers';
import { CANONICAL_ID, SPEC_CANONICAL_HASH } from '../scenario/canonical-scenario.js';
import type { CheckReport, ScenarioReport } from './check-report.js';
import type { RunDivergence } from './divergence-report.js';
import type { RunEnvironment } from '../gate/env-variation.js';
import { fieldRows, type FieldRow } from './field-diff.js';

export interface TextContext {
  /** How the lock is named in messages (relative path). */
  readonly lockLabel: string;
}

export function renderCheckText(report: CheckReport, ctx: TextContext): string {
  const blocks = report.scenarios.map((s) => renderScenario(s, ctx).join('\n'));
  const tail: string[] = [];
  const { lock } = report;
  for (const id of lock.stale_pins) {
    tail.push(
      lock.stale_fails
        ? `stale pin: "${id}" is pinned in ${ctx.lockLabel} but no repo scenario has that id; drop it deliberately with: pnpm invariance --all --update`
        : `stale pin: "${id}" dropped from ${ctx.lockLabel}`,
    );
  }
  if (lock.written) tail.push(`lock: wrote ${ctx.lockLabel}`);
  if (lock.update_refused !== null) tail.push(`lock: ${lock.update_refused}`);
  const bareCanonical = report.scenarios.length === 1 && report.scenarios[0]?.id === CANONICAL_ID;
  if (!bareCanonical || tail.length > 0) {
    const n = report.scenarios.length;
    const pass = report.scenarios.filter((s) => s.ok).length;
    const errors = report.scenarios.filter((s) => s.status === 'error').length;
    tail.push(
      `ERS INVARIANCE SUMMARY: ${report.ok ? 'PASS' : 'FAIL'} (${n} scenario${n === 1 ? '' : 's'}: ${pass} pass, ${n - pass - errors} fail, ${errors} error)`,
    );
  }
  return `${[...blocks, ...(tail.length > 0 ? [tail.join('\n')] : [])].join('\n\n')}\n`;
}

function renderScenario(s: ScenarioReport, ctx: TextContext): string[] {
  const lines: string[] = [];
  if (s.id !== CANONICAL_ID) lines.push(`scenario: ${s.id} (${s.source})`);
  if (s.status === 'error') {
    lines.push('ERS INVARIANCE: ERROR', `error: ${s.error ?? 'unknown error'}`);
    return lines;
  }
  const gate = s.gate;
  if (gate === null) return lines;
  if (!gate.ok) {
    lines.push('ERS INVARIANCE: FAIL', `expected hash: ${gate.expected_hash}`);
    lines.push(...runLines(gate.hashes, gate.expected_hash, s.environments));
    lines.push(`first mismatch: run ${gate.first_mismatch_index ?? '?'}`);
    for (const group of groupByHash(s.divergences)) lines.push(...divergenceLines(group));
    return lines;
  }
  const hash = gate.expected_hash;
  lines.push(`ERS INVARIANCE: ${s.ok ? 'PASS' : 'FAIL'}`, `hash: ${hash}`);
  const pin = s.pin;
  const repin = s.repin_command ?? 'pnpm invariance --update';
  switch (pin.status) {
    case 'spec_mismatch':
      lines.push(
        `spec mismatch: the canonical scenario must hash to ${SPEC_CANONICAL_HASH} (the spec's value),`,
        `  but all ${s.runs} runs agree on ${hash}.`,
        '  This breaks parity with the reference implementation; it cannot be re-pinned.',
      );
      break;
    case 'mismatch':
      lines.push(
        `pin mismatch: scenario "${s.id}" moved from its pin in ${ctx.lockLabel}`,
        `  from: ${pin.pinned ?? '(none)'}`,
        `  to:   ${hash}`,
        `  All ${s.runs} runs agree, so the scenario is still deterministic: its trace changed.`,
        `  If the change is deliberate, re-pin it with: ${repin}`,
        `  and commit ${ctx.lockLabel} together with the change that moved it.`,
      );
      break;
    case 'unpinned':
      if (pin.fails) {
        lines.push(
          `unpinned: scenario "${s.id}" has no pin in ${ctx.lockLabel}; every repo scenario must be pinned.`,
          `  Pin it with: ${repin}`,
        );
      } else {
        lines.push(`pin: none in ${ctx.lockLabel} (pin it with: ${repin})`);
      }
      break;
    case 'added':
      lines.push(`pin: added to ${ctx.lockLabel}`);
      break;
    case 'updated':
      lines.push(`pin: re-pinned in ${ctx.lockLabel} (was ${pin.pinned ?? '(none)'})`);
      break;
    case 'match':
    case 'unchecked':
      break;
  }
  return lines;
}

function runLines(hashes: readonly string[], expected: string, envs: readonly RunEnvironment[] | null): string[] {
  const width = String(hashes.length - 1).length;
  return hashes.map((h, i) => {
    const env = envs?.[i];
    const envText = env === undefined ? '' : `  [TZ=${env.tz} LANG=${env.lang} cwd=$TMP/${env.cwd}]`;
    return `run ${String(i).padStart(width)}: ${h}${h === expected ? '' : '  (differs)'}${envText}`;
  });
}

/** Mismatching runs grouped by hash (same hash, same trace, same divergence), in run order. */
function groupByHash(divergences: readonly RunDivergence[]): RunDivergence[][] {
  const groups = new Map<string, RunDivergence[]>();
  for (const d of divergences) {
    const g = groups.get(d.hash);
    if (g === undefined) groups.set(d.hash, [d]);
    else g.push(d);
  }
  return [...groups.values()];
}

function divergenceLines(group: readonly RunDivergence[]): string[] {
  const d = group[0] as RunDivergence;
  const runs = group.map((g) => g.run);
  const who = runs.length === 1 ? `run ${runs[0]}` : `runs ${runs.join(', ')}`;
  const lines: string[] = [];
  let a: DivergenceSide | null = d.a;
  let b: DivergenceSide | null = d.b;
  if (d.extra !== null) {
    const counts = `run 0 has ${lenOf(d.a)} events, ${who} ${runs.length === 1 ? 'has' : 'have'} ${lenOf(d.b)}`;
    lines.push(`divergence: ${who} differ${runs.length === 1 ? 's' : ''} from run 0 at event ${d.event_index}: ${counts}`);
    a = d.extra.side === 'a' ? d.extra.event : null;
    b = d.extra.side === 'b' ? d.extra.event : null;
  } else {
    const task = taskOf(d.a);
    lines.push(
      `divergence: ${who} differ${runs.length === 1 ? 's' : ''} from run 0 at event ${d.event_index}${task === null ? '' : ` (task ${JSON.stringify(task)})`}; differing fields: ${d.paths.join(', ')}`,
    );
  }
  lines.push(...sideBySide(fieldRows(a ?? noEvent, b ?? noEvent), runs[0] as number, a === null, b === null));
  return lines;
}

/** Stands in for the side that has no event, so the other side's fields are listed. */
const noEvent = {};

function sideBySide(rows: readonly FieldRow[], run: number, aMissing: boolean, bMissing: boolean): string[] {
  const cells = rows.map((r) => ({
    mark: r.differs ? '*' : ' ',
    path: r.path === '' ? '(value)' : r.path,
    a: aMissing ? '(no event)' : (r.a ?? '(absent)'),
    b: bMissing ? '(no event)' : (r.b ?? '(absent)'),
  }));
  const header = { mark: ' ', path: 'field', a: 'run 0', b: `run ${run}` };
  const all = [header, ...cells];
  const wPath = Math.max(...all.map((c) => c.path.length));
  const wA = Math.max(...all.map((c) => c.a.length));
  return all.map((c) => `  ${c.mark} ${c.path.padEnd(wPath)}  ${c.a.padEnd(wA)}  ${c.b}`.trimEnd());
}

function lenOf(side: DivergenceSide): number {
  return '_len' in side ? side._len : 0;
}

function taskOf(side: DivergenceSide): string | null {
  return '_len' in side ? null : side.task;
}
