/**
 * The per-tick invariance gate over a tick's metric tasks: runs 1 … n-1 re-run only the metric
 * tasks on the context and budgets the tick left them, and each metric's trace event (with the
 * hash of its value and error) must be the same in every run.
 * Owns: re-running metric tasks and judging their invariance. Must not: decide promotions or do IO.
 */
import {
  Budget,
  canonicalJson,
  DeterministicScheduler,
  dozenRunInvarianceGate,
  sha256Hex,
  type JsonValue,
  type TaskSpec,
  type TickOutput,
  type TraceEvent,
} from '@abraxas/ers';
import type { MetricGateRecord } from './record.js';

export interface MetricGateInput {
  readonly tick: number;
  /** The tick's context (after the pipeline ran). */
  readonly context: object;
  /** The metric tasks the tick ran. */
  readonly tasks: readonly TaskSpec[];
  /** The tick's output (run 0). */
  readonly real: TickOutput;
  /** The tick's lane budgets. */
  readonly budgetForecast: Budget;
  readonly budgetShadow: Budget;
  /** Runs of the gate, at least 2. */
  readonly runs: number;
}

/** The gate's verdict for each metric task, by task name. */
export async function gateMetricTasks(o: MetricGateInput): Promise<ReadonlyMap<string, MetricGateRecord>> {
  const names = new Set(o.tasks.map((t) => t.name));
  const spent = { forecast: { ops: 0, entropy: 0 }, shadow: { ops: 0, entropy: 0 } };
  for (const e of o.real.trace) {
    if (names.has(e.task) || e.status === 'skipped_budget') continue;
    spent[e.lane].ops += e.cost_ops;
    spent[e.lane].entropy += e.cost_entropy;
  }
  const before = {
    forecast: new Budget({ ops: o.budgetForecast.ops - spent.forecast.ops, entropy: o.budgetForecast.entropy - spent.forecast.entropy }),
    shadow: new Budget({ ops: o.budgetShadow.ops - spent.shadow.ops, entropy: o.budgetShadow.entropy - spent.shadow.entropy }),
  };

  const runs: ReadonlyMap<string, TraceEvent>[] = [gateEvents(o.real, names)];
  for (let i = 1; i < o.runs; i++) {
    const s = new DeterministicScheduler();
    for (const t of o.tasks) s.add(t);
    const out = await s.runTickAsync({ tick: o.tick, budgetForecast: before.forecast, budgetShadow: before.shadow, context: o.context });
    runs.push(gateEvents(out, names));
  }

  const verdicts = new Map<string, MetricGateRecord>();
  for (const name of names) {
    const g = dozenRunInvarianceGate({
      runs: o.runs,
      makeTrace: (i) => {
        const e = runs[i]?.get(name);
        return e === undefined ? [] : [e];
      },
    });
    verdicts.set(name, { runs: o.runs, expected_hash: g.expected_hash, first_mismatch_index: g.first_mismatch_index });
  }
  return verdicts;
}

/** Each metric task's trace event with `value_sha256` and `error` added to its meta. */
function gateEvents(out: TickOutput, names: ReadonlySet<string>): Map<string, TraceEvent> {
  const events = new Map<string, TraceEvent>();
  for (const e of out.trace) {
    if (!names.has(e.task)) continue;
    const r = out.results[e.task];
    const meta: { [key: string]: JsonValue } = { ...e.meta, value_sha256: valueDigest(r?.value), error: r?.error ?? null };
    events.set(e.task, { ...e, meta });
  }
  return events;
}

/** SHA-256 of the value's canonical JSON; null for `undefined` or a value canonical JSON cannot hold. */
function valueDigest(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return sha256Hex(canonicalJson(value));
  } catch {
    return null;
  }
}
