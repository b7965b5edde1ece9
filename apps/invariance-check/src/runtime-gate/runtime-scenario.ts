/**
 * Runtime scenarios for the runtime-level gate, in the golden vectors' `runtime` format: a run id,
 * a mode, the tick(s), shadow task names (each runs as `shadow:<name>`) and the task names whose
 * functions throw; every other function returns `{ ok: true }`. `per_run_failing[i]`, when present,
 * replaces `failing` in run i (a way to write a drifting runtime fixture). Validation names the
 * file, the field and the rule; the runtime itself checks the run id's character rules.
 * Owns: the runtime scenario format, its built-in default and loading it. Must not: run ticks.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { ScenarioFileError, thrownMessage } from '../errors.js';
import { isRunCount, RUNS_RULE } from '../gate/gate-limits.js';
import { ID_RULE, isScenarioId } from '../scenario/scenario-id.js';
import { fileLabel } from '../scenario/scenario-load.js';

export const RUNTIME_SCENARIO_SCHEMA = 'RuntimeScenario.v1';

export interface RuntimeScenario {
  readonly id: string;
  readonly source: string;
  readonly description: string | null;
  readonly ticks: readonly number[];
  readonly run_id: string;
  readonly mode: string;
  readonly shadow_tasks: readonly string[];
  readonly failing: readonly string[];
  readonly per_run_failing: readonly (readonly string[])[];
  readonly runs: number | null;
}

/** The built-in runtime scenario: three ticks, two shadow tasks, one of them failing. */
export const DEFAULT_RUNTIME_SCENARIO: RuntimeScenario = Object.freeze({
  id: 'runtime-default',
  source: 'builtin:runtime',
  description: 'Three ticks of the reference pipeline with two shadow tasks, one of them failing.',
  ticks: Object.freeze([0, 1, 2]),
  run_id: 'RUN-INVARIANCE',
  mode: 'invariance',
  shadow_tasks: Object.freeze(['anagram', 'sei']),
  failing: Object.freeze(['shadow:anagram']),
  per_run_failing: Object.freeze([]),
  runs: null,
});

const FIELDS = ['schema', 'id', 'description', 'tick', 'ticks', 'run_id', 'mode', 'shadow_tasks', 'failing', 'per_run_failing', 'runs'];

/** The failing set of run `runIndex`. */
export function failingInRun(s: RuntimeScenario, runIndex: number): readonly string[] {
  return s.per_run_failing[runIndex] ?? s.failing;
}

/** The task names a runtime scenario runs (the names `failing` may list). */
export function runtimeTaskNames(shadowTasks: readonly string[]): string[] {
  return ['oracle:signal', 'oracle:compress', 'oracle:overlay', ...shadowTasks.map((n) => `shadow:${n}`)];
}

/** Loads and checks a runtime scenario file (JSON). */
export async function loadRuntimeScenario(path: string, cwd: string): Promise<RuntimeScenario> {
  const abs = resolve(cwd, path);
  const label = fileLabel(abs, cwd);
  if (extname(abs).toLowerCase() !== '.json') throw new ScenarioFileError(label, '(file name)', 'must end in .json (a runtime scenario is JSON)');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(abs, 'utf8'));
  } catch (e) {
    throw new ScenarioFileError(label, '(file)', `must be a readable JSON file: ${thrownMessage(e)}`);
  }
  return parseRuntimeScenario(raw, label, basename(abs, extname(abs)));
}

/** Checks a parsed runtime scenario. Throws `ScenarioFileError` naming the field and rule. */
export function parseRuntimeScenario(raw: unknown, label: string, defaultId: string): RuntimeScenario {
  const fail = (field: string, rule: string, ...got: [] | [unknown]): never => {
    throw new ScenarioFileError(label, field, rule, ...got);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('(top level)', 'must be an object', raw);
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!FIELDS.includes(key)) fail(key, `is not a known field (known fields: ${FIELDS.join(', ')})`);
  if (o.schema !== undefined && o.schema !== RUNTIME_SCENARIO_SCHEMA) fail('schema', `must be "${RUNTIME_SCENARIO_SCHEMA}" when given`, o.schema);
  const id = o.id ?? defaultId;
  if (!isScenarioId(id)) fail('id', ID_RULE, id);
  if (o.description !== undefined && typeof o.description !== 'string') fail('description', 'must be a string', o.description);
  const tickOf = (v: unknown, at: string): number =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0) ? v : fail(at, 'must be a non-negative safe integer', v);
  let ticks: number[];
  if (o.tick !== undefined && o.ticks !== undefined) fail('tick', 'must not be given together with ticks (give one of them)');
  if (o.tick !== undefined) ticks = [tickOf(o.tick, 'tick')];
  else if (Array.isArray(o.ticks) && o.ticks.length > 0) ticks = (o.ticks as unknown[]).map((t, i) => tickOf(t, `ticks[${i}]`));
  else return fail(o.ticks === undefined ? 'tick' : 'ticks', o.ticks === undefined ? 'is required (or ticks, a list of ticks run in order)' : 'must be a non-empty array of non-negative safe integers', o.ticks);
  if (typeof o.run_id !== 'string' || o.run_id === '') fail('run_id', 'must be a non-empty string', o.run_id);
  if (typeof o.mode !== 'string' || o.mode === '') fail('mode', 'must be a non-empty string', o.mode);
  const names = (v: unknown, at: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return fail(at, 'must be an array of strings', v);
    return (v as unknown[]).map((n, i) => (typeof n === 'string' && n !== '' ? n : fail(`${at}[${i}]`, 'must be a non-empty string', n)));
  };
  const shadowTasks = names(o.shadow_tasks, 'shadow_tasks');
  const known = runtimeTaskNames(shadowTasks);
  const taskList = (v: unknown, at: string): string[] =>
    names(v, at).map((n, i) => (known.includes(n) ? n : fail(`${at}[${i}]`, `must name a task of this scenario (${known.join(', ')})`, n)));
  const failing = taskList(o.failing, 'failing');
  let perRun: string[][] = [];
  if (o.per_run_failing !== undefined) {
    if (!Array.isArray(o.per_run_failing)) fail('per_run_failing', 'must be an array with one list of task names per run', o.per_run_failing);
    perRun = (o.per_run_failing as unknown[]).map((v, i) => taskList(v, `per_run_failing[${i}]`));
  }
  let runs: number | null = null;
  if (o.runs !== undefined) {
    if (!isRunCount(o.runs)) fail('runs', RUNS_RULE, o.runs);
    runs = o.runs as number;
  }
  return {
    id: id as string,
    source: label,
    description: (o.description as string | undefined) ?? null,
    ticks,
    run_id: o.run_id as string,
    mode: o.mode as string,
    shadow_tasks: shadowTasks,
    failing,
    per_run_failing: perRun,
    runs,
  };
}
