/**
 * Case 5: the per-task cost of the shadow lane's read-only view. One `runTick` of N shadow tasks,
 * each reading a representative context (a Map of objects iterated and looked up, a Set identity
 * lookup, an array reduced, a Date, a RegExp test, a typed-array slice, nested fields), against the
 * same N tasks in the forecast lane, which read the context itself. Both are checked to read the
 * same values; the difference over N is what the view costs a shadow task.
 * Owns: the shadow-view case. Must not: print (the report is returned).
 */
import { Budget, DeterministicScheduler, bindCallable, canonicalJson, type Lane, type TaskContext } from '@abraxas/ers';
import { thousands } from '../format.js';
import { interleave } from '../interleave.js';
import { timeSync } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';
import { median } from '../stats.js';

export interface ShadowViewParams {
  /** Tasks in the tick. */
  readonly tasks: number;
  readonly runs: number;
  readonly warmup: number;
}

interface BenchContext {
  readonly key: { readonly id: number };
  readonly lookup: Map<string, { readonly v: number }>;
  readonly members: Set<object>;
  readonly series: readonly number[];
  readonly cfg: { readonly window: { readonly size: number } };
  readonly at: Date;
  readonly pattern: RegExp;
  readonly bytes: Uint8Array;
}

function makeContext(): BenchContext {
  const key = { id: 1 };
  return {
    key,
    lookup: new Map(Array.from({ length: 10 }, (_, i) => [`k${i}`, { v: i }])),
    members: new Set([key]),
    series: Array.from({ length: 100 }, (_, i) => i),
    cfg: { window: { size: 3 } },
    at: new Date(0),
    pattern: /^k[0-9]$/,
    bytes: new Uint8Array(16),
  };
}

/** What every task reads. */
function read(ctx: TaskContext): number {
  const c = ctx as unknown as BenchContext;
  let total = 0;
  for (const [k, { v }] of c.lookup) if (c.pattern.test(k)) total += v;
  total += c.lookup.get('k3')?.v ?? 0;
  total += c.members.has(c.key) ? 1 : 0;
  total += c.series.reduce((a, x) => a + x, 0);
  total += c.cfg.window.size + c.at.getTime() + c.bytes.slice(0, 4).length;
  return total;
}

function scheduler(tasks: number, lane: Lane): DeterministicScheduler {
  const s = new DeterministicScheduler();
  for (let i = 0; i < tasks; i++) s.add(bindCallable({ name: `t${String(i).padStart(6, '0')}`, lane, priority: 0, costOps: 1, fn: read }));
  return s;
}

function tick(s: DeterministicScheduler, tasks: number, context: BenchContext) {
  const budget = new Budget({ ops: tasks });
  return s.runTick({ tick: 0, budgetForecast: budget, budgetShadow: budget, context });
}

export async function shadowViewCase(p: ShadowViewParams): Promise<CaseReport> {
  const shadow = scheduler(p.tasks, 'shadow');
  const forecast = scheduler(p.tasks, 'forecast');
  const values = (s: DeterministicScheduler): string =>
    canonicalJson(Object.values(tick(s, p.tasks, makeContext()).results).map((r) => [r.status, r.value as number]));
  if (values(shadow) !== values(forecast)) throw new Error('shadow_view: shadow tasks read other values than forecast tasks');

  const samples = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: () => {
      const ctx = makeContext();
      return { tick: timeSync(() => tick(shadow, p.tasks, ctx)) };
    },
    floor: () => {
      const ctx = makeContext();
      return { tick: timeSync(() => tick(forecast, p.tasks, ctx)) };
    },
  });
  const caseMs = median(samples.case.tick ?? []);
  const floorMs = median(samples.floor.tick ?? []);
  return {
    measurements: [
      summarise({
        id: `shadow_view.${p.tasks}`,
        label: `runTick, ${thousands(p.tasks)} shadow tasks reading the context through the read-only view`,
        floor: 'the same tasks in the forecast lane, reading the context itself',
        samples: samples.case.tick ?? [],
        floorSamples: samples.floor.tick ?? [],
        targetRatio: null,
        extra: { tasks: p.tasks, view_us_per_task: Math.round(((caseMs - floorMs) * 1000 * 100) / p.tasks) / 100 },
      }),
    ],
    checks: [],
  };
}

