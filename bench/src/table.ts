/**
 * The printed report: one Markdown table of the measurements against their floors, one of the
 * checks (growth, memory), and the machine — readable in a terminal and pasteable into a README.
 * Owns: the text of the report. Must not: compute figures (results.ts does).
 */
import { ms, thousands, times } from './format.js';
import type { BenchResults, Check, Measurement } from './results.js';

function verdict(pass: boolean | null): string {
  return pass === null ? '—' : pass ? 'pass' : '**FAIL**';
}

function num(v: number | string | undefined, digits = 0): string {
  return typeof v === 'number' ? thousands(Number(v.toFixed(digits))) : (v ?? '');
}

/** The figures a reader wants next to the ratio: throughput, where the case has one. */
export function notesOf(m: Measurement): string {
  const e = m.extra;
  if (typeof e.store_ticks_per_s === 'number') return `${num(e.store_ticks_per_s)} ticks/s (file store ${num(e.file_ticks_per_s)}), ${num(e.writers)} writer${e.writers === 1 ? '' : 's'}`;
  if (typeof e.ticks_per_s === 'number') {
    const ledger = typeof e.compute_ms === 'number' ? `; computed without sealing ${ms(e.compute_ms)}, ledger (case − computed) ${times(Number(e.ledger_ratio))} floor` : '';
    return `${num(e.ticks_per_s)} ticks/s (floor ${num(e.floor_ticks_per_s)}); last/first ${num(e.last_window_ms, 2)}/${num(e.first_window_ms, 2)} ms${ledger}`;
  }
  if (typeof e.mb_per_s === 'number') return `${num(e.mb_per_s, 1)} MB/s (floor ${num(e.floor_mb_per_s, 1)}) over ${num(e.mb, 1)} MB`;
  if (typeof e.trace_bytes === 'number') return `${num(e.trace_bytes / 1048576, 1)} MB of canonical JSON`;
  return '';
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function measurementTable(ms_: readonly Measurement[]): string {
  const lines = [
    row(['case', 'median', 'floor', 'ratio', 'target', 'result', 'notes']),
    row(['---', '---:', '---:', '---:', '---:', '---', '---']),
  ];
  for (const m of ms_) {
    lines.push(
      row([
        m.label,
        ms(m.median_ms),
        ms(m.floor_median_ms),
        times(m.ratio),
        m.target_ratio === null ? '—' : `≤ ${times(m.target_ratio)}`,
        verdict(m.pass),
        notesOf(m),
      ]),
    );
  }
  return lines.join('\n');
}

export function checkTable(checks: readonly Check[]): string {
  const lines = [row(['check', 'value', 'target', 'result']), row(['---', '---:', '---:', '---'])];
  for (const c of checks) {
    const unit = c.unit === 'x' ? 'x' : ` ${c.unit}`;
    lines.push(row([c.label, `${c.value.toFixed(2)}${unit}`, `≤ ${c.target_max}${unit}`, verdict(c.pass)]));
  }
  return lines.join('\n');
}

export function machineLine(r: BenchResults): string {
  const m = r.machine;
  return (
    `Node ${m.node} on ${m.platform}/${m.arch}, ${m.cpu_model}, ${m.cores} cores, ${thousands(m.total_memory_mb)} MB; ` +
    `load average ${m.load_average_start.join(' ')} at the start, ${m.load_average_end.join(' ')} at the end`
  );
}

/** The whole report. */
export function report(r: BenchResults): string {
  return [
    `Abraxas benchmarks (${r.preset}), ${r.duration_s.toFixed(0)} s`,
    machineLine(r),
    '',
    measurementTable(r.measurements),
    '',
    ...(r.checks.length > 0 ? [checkTable(r.checks), ''] : []),
    r.passed ? 'All targets met.' : 'Some targets were missed (see **FAIL** above).',
  ].join('\n');
}
