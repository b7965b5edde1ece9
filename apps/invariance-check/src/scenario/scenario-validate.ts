/**
 * Validation of declarative (JSON) scenario files. Each rule broken throws a `ScenarioFileError`
 * naming the file, the field path (`tasks[1].lane`) and the rule; nothing is guessed or repaired.
 * Unknown fields are errors, so a misspelt field never silently falls back to a default.
 * Owns: the JSON scenario format's rules and its normalisation. Must not: read files or run tasks.
 */
import { isNonNegativeSafeInt, isWellFormed } from '@abraxas/internal';
import type { JsonValue } from '@abraxas/ers';
import { ScenarioFileError } from '../errors.js';
import { isRunCount, RUNS_RULE } from '../gate/gate-limits.js';
import { ID_RULE, isScenarioId } from './scenario-id.js';
import type { RunOutcome, ScenarioBudget, ScenarioDefinition, ScenarioTask, TaskOutcome } from './scenario-types.js';

/** The `schema` value a scenario file may declare. */
export const SCENARIO_SCHEMA = 'InvarianceScenario.v1';

const TOP_FIELDS = [
  'schema',
  'id',
  'description',
  'tick',
  'ticks',
  'budget_forecast',
  'budget_shadow',
  'context',
  'async',
  'runs',
  'tasks',
  'per_run_outcomes',
] as const;
const TASK_FIELDS = ['name', 'lane', 'priority', 'cost_ops', 'cost_entropy', 'tags', 'outcome'] as const;
const BUDGET_FIELDS = ['ops', 'entropy'] as const;
const TASK_OUTCOMES: readonly TaskOutcome[] = ['ok', 'throw'];
const RUN_OUTCOMES: readonly RunOutcome[] = ['ok', 'throw', 'absent'];

/**
 * Checks a parsed JSON scenario and returns it normalised. `file` is how messages name the file;
 * `defaultId` is used when the file declares no `id` (its base name).
 */
export function parseScenarioDefinition(raw: unknown, file: string, defaultId: string): ScenarioDefinition {
  const fail = (field: string, rule: string, ...got: [] | [unknown]): never => {
    throw new ScenarioFileError(file, field, rule, ...got);
  };
  const obj = requireRecord(raw, '(top level)', fail);
  rejectUnknown(obj, TOP_FIELDS, '', fail);

  if (obj.schema !== undefined && obj.schema !== SCENARIO_SCHEMA) fail('schema', `must be "${SCENARIO_SCHEMA}" when given`, obj.schema);

  let id = defaultId;
  if (obj.id !== undefined) {
    if (!isScenarioId(obj.id)) fail('id', ID_RULE, obj.id);
    id = obj.id as string;
  } else if (!isScenarioId(defaultId)) {
    fail('id', `is required because the file name does not make a valid id (an id ${ID_RULE})`, defaultId);
  }

  let description: string | null = null;
  if (obj.description !== undefined) {
    if (typeof obj.description !== 'string') fail('description', 'must be a string', obj.description);
    description = obj.description as string;
  }

  let ticks: number[];
  if (obj.tick !== undefined && obj.ticks !== undefined) fail('tick', 'must not be given together with ticks (give one of them)');
  if (obj.tick !== undefined) {
    ticks = [requireNonNegativeInt(obj.tick, 'tick', fail)];
  } else if (obj.ticks !== undefined) {
    if (!Array.isArray(obj.ticks) || obj.ticks.length === 0) fail('ticks', 'must be a non-empty array of non-negative safe integers', obj.ticks);
    ticks = (obj.ticks as unknown[]).map((t, i) => requireNonNegativeInt(t, `ticks[${i}]`, fail));
  } else {
    return fail('tick', 'is required (or ticks, a list of ticks run in order)');
  }

  const budgetForecast = parseBudget(obj.budget_forecast, 'budget_forecast', fail);
  const budgetShadow = parseBudget(obj.budget_shadow, 'budget_shadow', fail);

  let context: { readonly [key: string]: JsonValue } = {};
  if (obj.context !== undefined) context = requireRecord(obj.context, 'context', fail) as { readonly [key: string]: JsonValue };

  let isAsync = false;
  if (obj.async !== undefined) {
    if (typeof obj.async !== 'boolean') fail('async', 'must be true or false', obj.async);
    isAsync = obj.async as boolean;
  }

  let runs: number | null = null;
  if (obj.runs !== undefined) {
    if (!isRunCount(obj.runs)) fail('runs', RUNS_RULE, obj.runs);
    runs = obj.runs as number;
  }

  if (!Array.isArray(obj.tasks)) return fail('tasks', 'must be an array of tasks', obj.tasks);
  const tasks = (obj.tasks as unknown[]).map((t, i) => parseTask(t, `tasks[${i}]`, fail));
  const firstIndex = new Map<string, number>();
  tasks.forEach((t, i) => {
    const seen = firstIndex.get(t.name);
    if (seen !== undefined) fail(`tasks[${i}].name`, `must be unique; it is also tasks[${seen}].name`, t.name);
    firstIndex.set(t.name, i);
  });

  let perRun: Readonly<Record<string, RunOutcome>>[] = [];
  if (obj.per_run_outcomes !== undefined) {
    if (!Array.isArray(obj.per_run_outcomes)) fail('per_run_outcomes', 'must be an array with one object per run', obj.per_run_outcomes);
    perRun = (obj.per_run_outcomes as unknown[]).map((entry, i) => {
      const at = `per_run_outcomes[${i}]`;
      const rec = requireRecord(entry, at, fail);
      const out: [string, RunOutcome][] = [];
      for (const name of Object.keys(rec)) {
        if (!firstIndex.has(name)) fail(`${at}[${JSON.stringify(name)}]`, 'must name a task in tasks');
        const value = rec[name];
        if (!RUN_OUTCOMES.includes(value as RunOutcome)) fail(`${at}[${JSON.stringify(name)}]`, `must be one of ${quoteList(RUN_OUTCOMES)}`, value);
        out.push([name, value as RunOutcome]);
      }
      return Object.freeze(Object.fromEntries(out));
    });
  }

  return Object.freeze({
    id,
    description,
    ticks: Object.freeze(ticks),
    budget_forecast: budgetForecast,
    budget_shadow: budgetShadow,
    context,
    async: isAsync,
    runs,
    tasks: Object.freeze(tasks),
    per_run_outcomes: Object.freeze(perRun),
  });
}

type Fail = (field: string, rule: string, ...got: [] | [unknown]) => never;

function parseTask(raw: unknown, at: string, fail: Fail): ScenarioTask {
  const t = requireRecord(raw, at, fail);
  rejectUnknown(t, TASK_FIELDS, `${at}.`, fail);
  if (typeof t.name !== 'string' || t.name.length === 0) fail(`${at}.name`, 'must be a non-empty string', t.name);
  if (!isWellFormed(t.name)) fail(`${at}.name`, 'must be well-formed Unicode (no lone surrogates)', t.name);
  if (t.lane !== 'forecast' && t.lane !== 'shadow') fail(`${at}.lane`, "must be one of 'forecast', 'shadow'", t.lane);
  if (typeof t.priority !== 'number' || !Number.isSafeInteger(t.priority)) fail(`${at}.priority`, 'must be a safe integer', t.priority);
  const costOps = requireNonNegativeInt(t.cost_ops, `${at}.cost_ops`, fail);
  const costEntropy = t.cost_entropy === undefined ? 0 : requireNonNegativeInt(t.cost_entropy, `${at}.cost_entropy`, fail);
  let tags: string[] = [];
  if (t.tags !== undefined) {
    if (!Array.isArray(t.tags)) fail(`${at}.tags`, 'must be an array of strings', t.tags);
    tags = (t.tags as unknown[]).map((tag, k) => {
      if (typeof tag !== 'string') return fail(`${at}.tags[${k}]`, 'must be a string', tag);
      if (!isWellFormed(tag)) fail(`${at}.tags[${k}]`, 'must be well-formed Unicode (no lone surrogates)', tag);
      return tag;
    });
  }
  let outcome: TaskOutcome = 'ok';
  if (t.outcome !== undefined) {
    if (!TASK_OUTCOMES.includes(t.outcome as TaskOutcome)) fail(`${at}.outcome`, `must be one of ${quoteList(TASK_OUTCOMES)}`, t.outcome);
    outcome = t.outcome as TaskOutcome;
  }
  return Object.freeze({
    name: t.name,
    lane: t.lane,
    priority: t.priority,
    cost_ops: costOps,
    cost_entropy: costEntropy,
    tags: Object.freeze(tags),
    outcome,
  });
}

function parseBudget(raw: unknown, at: string, fail: Fail): ScenarioBudget {
  if (raw === undefined) return fail(at, 'is required: an object { ops, entropy? } of non-negative safe integers');
  const b = requireRecord(raw, at, fail);
  rejectUnknown(b, BUDGET_FIELDS, `${at}.`, fail);
  const ops = requireNonNegativeInt(b.ops, `${at}.ops`, fail);
  const entropy = b.entropy === undefined ? 0 : requireNonNegativeInt(b.entropy, `${at}.entropy`, fail);
  return Object.freeze({ ops, entropy });
}

function requireRecord(value: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(at, 'must be an object', value);
  return value as Record<string, unknown>;
}

function requireNonNegativeInt(value: unknown, at: string, fail: Fail): number {
  if (!isNonNegativeSafeInt(value)) {
    return fail(at, 'must be a non-negative safe integer', value);
  }
  return value;
}

function rejectUnknown(obj: Record<string, unknown>, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) fail(`${prefix}${key}`, `is not a known field (known fields: ${known.join(', ')})`);
  }
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
