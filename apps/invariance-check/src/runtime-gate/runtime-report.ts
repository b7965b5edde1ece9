/**
 * The runtime gate's report: one record per runtime scenario (what run 0 wrote, every run's tree
 * and manifest hash, and each mismatching run's differing files), printed as canonical JSON with
 * `--json` or as text. The text puts each verdict line first (`RUNTIME INVARIANCE: PASS|FAIL`),
 * after a `scenario:` line, then the hashes; a drift lists every run's tree hash, the first
 * mismatching run and, for each group of runs with the same tree, the files that differ.
 * Owns: the runtime report records and their text. Must not: run anything.
 */
import type { ExitCode } from '../reports/check-report.js';
import type { RunEnvironment } from '../gate/env-variation.js';
import type { GateMode } from '../gate/gate-runner.js';
import type { RuntimeDivergence, RuntimeEvaluation } from './runtime-gate.js';
import type { RuntimeFile, RuntimeTickRecord } from './runtime-run.js';
import type { RuntimeScenario } from './runtime-scenario.js';
import type { SealedVerdict } from './runtime-seal.js';

export const RUNTIME_REPORT_SCHEMA = 'RuntimeInvarianceReport.v1';

export interface RuntimeScenarioReport {
  readonly id: string;
  readonly source: string;
  readonly status: 'pass' | 'drift' | 'error';
  readonly ok: boolean;
  readonly mode: GateMode;
  readonly runs: number;
  readonly run_id: string;
  readonly ticks: readonly number[];
  /** What run 0 wrote (null when a run failed). */
  readonly artifacts: {
    readonly ticks: readonly RuntimeTickRecord[];
    readonly manifest: string;
    readonly manifest_sha256: string;
    readonly tree_sha256: string;
    readonly files: readonly RuntimeFile[];
  } | null;
  readonly run_hashes: RuntimeEvaluation['run_hashes'];
  readonly first_mismatch_index: number | null;
  readonly divergences: readonly RuntimeDivergence[];
  readonly environments: readonly RunEnvironment[] | null;
  /** Where `--seal` sealed the verdict as a `RunStability.v0` record (null without it). */
  readonly sealed: SealedVerdict | null;
  readonly error: string | null;
}

export interface RuntimeReport {
  readonly schema: typeof RUNTIME_REPORT_SCHEMA;
  readonly ok: boolean;
  readonly exit_code: ExitCode;
  readonly scenarios: readonly RuntimeScenarioReport[];
}

export function runtimeScenarioReport(
  scenario: RuntimeScenario,
  mode: GateMode,
  runs: number,
  evaluation: RuntimeEvaluation | null,
  error: string | null,
  sealed: SealedVerdict | null = null,
): RuntimeScenarioReport {
  const status = evaluation === null ? 'error' : evaluation.ok ? 'pass' : 'drift';
  const r = evaluation?.record;
  return {
    id: scenario.id,
    source: scenario.source,
    status,
    ok: status === 'pass',
    mode,
    runs: evaluation?.runs ?? runs,
    run_id: scenario.run_id,
    ticks: scenario.ticks,
    artifacts: r === undefined ? null : { ticks: r.ticks, manifest: r.manifest, manifest_sha256: r.manifest_sha256, tree_sha256: r.tree_sha256, files: r.files },
    run_hashes: evaluation?.run_hashes ?? [],
    first_mismatch_index: evaluation?.first_mismatch_index ?? null,
    divergences: evaluation?.divergences ?? [],
    environments: evaluation?.environments ?? null,
    sealed,
    error,
  };
}

export function runtimeReport(scenarios: readonly RuntimeScenarioReport[]): RuntimeReport {
  const exitCode: ExitCode = scenarios.some((s) => s.status === 'error') ? 2 : scenarios.every((s) => s.ok) ? 0 : 1;
  return { schema: RUNTIME_REPORT_SCHEMA, ok: exitCode === 0, exit_code: exitCode, scenarios };
}

export function renderRuntimeText(report: RuntimeReport): string {
  const blocks = report.scenarios.map((s) => scenarioLines(s).join('\n'));
  if (report.scenarios.length > 1) {
    const pass = report.scenarios.filter((s) => s.ok).length;
    const errors = report.scenarios.filter((s) => s.status === 'error').length;
    blocks.push(`RUNTIME INVARIANCE SUMMARY: ${report.ok ? 'PASS' : 'FAIL'} (${report.scenarios.length} scenarios: ${pass} pass, ${report.scenarios.length - pass - errors} fail, ${errors} error)`);
  }
  return `${blocks.join('\n\n')}\n`;
}

function scenarioLines(s: RuntimeScenarioReport): string[] {
  const lines = [`scenario: ${s.id} (${s.source})`];
  if (s.status === 'error') return [...lines, 'RUNTIME INVARIANCE: ERROR', `error: ${s.error ?? 'unknown error'}`];
  lines.push(
    `RUNTIME INVARIANCE: ${s.ok ? 'PASS' : 'FAIL'}`,
    `runs: ${s.runs}, each into a fresh artifacts folder (mode ${s.mode}); run id ${s.run_id}, ticks ${s.ticks.join(', ')}`,
  );
  if (s.sealed !== null) lines.push(`sealed: ${s.sealed.verdict} as ${s.sealed.ref} (sha256 ${s.sealed.sha256}) in ${s.sealed.artifacts_dir}`);
  const a = s.artifacts;
  if (a === null) return lines;
  if (s.ok) {
    for (const t of a.ticks) lines.push(`tick ${t.tick} trendpack: ${t.trendpack_sha256}`, `tick ${t.tick} runindex:  ${t.runindex_sha256}`);
    lines.push(`manifest: ${a.manifest_sha256}`, `tree: ${a.tree_sha256} (${a.files.length} files)`);
    return lines;
  }
  const width = String(s.run_hashes.length - 1).length;
  const env = (run: number): string => {
    const e = s.environments?.[run];
    return e === undefined ? '' : `  [TZ=${e.tz} LANG=${e.lang} cwd=$TMP/${e.cwd}]`;
  };
  for (const h of s.run_hashes) lines.push(`run ${String(h.run).padStart(width)}: tree ${h.tree_sha256}${h.tree_sha256 === a.tree_sha256 ? '' : '  (differs)'}${env(h.run)}`);
  lines.push(`first mismatch: run ${s.first_mismatch_index ?? '?'}`);
  const groups = new Map<string, RuntimeDivergence[]>();
  for (const d of s.divergences) groups.set(d.tree_sha256, [...(groups.get(d.tree_sha256) ?? []), d]);
  for (const group of groups.values()) {
    const d = group[0] as RuntimeDivergence;
    const runs = group.map((g) => g.run);
    const who = runs.length === 1 ? `run ${runs[0]} differs` : `runs ${runs.join(', ')} differ`;
    lines.push(`divergence: ${who} from run 0 in ${d.files.length} file${d.files.length === 1 ? '' : 's'}:`);
    for (const f of d.files) {
      const what = f.kind === 'other' ? '' : ` (${f.kind}${f.tick === null ? '' : `, tick ${f.tick}`})`;
      const change = `${f.a_sha256 ?? '(missing)'} -> ${f.b_sha256 ?? '(missing)'}`;
      lines.push(`  ${f.path}${what}: ${change}${f.paths.length === 0 ? '' : `; differing fields: ${f.paths.join(', ')}`}`);
    }
  }
  return lines;
}
