/**
 * Case 2: `traceHashSha256` of the trace of one `runTick` over N no-op tasks (N events), against
 * hashing the same events, keys already in order, with JSON.stringify and node:crypto.
 * Owns: the trace-hash case. Must not: print (the report is returned).
 */
import { DeterministicScheduler, traceHashSha256, traceJsonBytes } from '@abraxas/ers';
import { orderedEvents, traceHashFloor } from '../floors/trace-hash-floor.js';
import { thousands } from '../format.js';
import { interleave } from '../interleave.js';
import { timeSync } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';
import { noOpWorkload } from '../workload/no-op-tasks.js';

export interface TraceHashParams {
  /** Events in the trace (tasks in the tick). */
  readonly events: number;
  readonly runs: number;
  readonly warmup: number;
  readonly targetRatio: number;
}

export async function traceHashCase(p: TraceHashParams): Promise<CaseReport> {
  const w = noOpWorkload(p.events);
  const s = new DeterministicScheduler();
  for (const t of w.tasks) s.add(t);
  const trace = s.runTick({ tick: 7, budgetForecast: w.budgetForecast, budgetShadow: w.budgetShadow, context: w.context }).trace;
  const events = orderedEvents(trace);
  const expected = traceHashSha256(trace);
  if (traceHashFloor(events) !== expected) throw new Error('trace_hash floor: the floor hashes different bytes than traceHashSha256');
  const bytes = traceJsonBytes(trace).length;

  const samples = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: () => ({ hash: timeSync(() => traceHashSha256(trace)) }),
    floor: () => ({ hash: timeSync(() => traceHashFloor(events)) }),
  });
  return {
    measurements: [
      summarise({
        id: `trace_hash.${p.events}`,
        label: `traceHashSha256, ${thousands(p.events)}-event trace`,
        floor: 'JSON.stringify of the same events with keys already in order + node:crypto SHA-256',
        samples: samples.case.hash ?? [],
        floorSamples: samples.floor.hash ?? [],
        targetRatio: p.targetRatio,
        extra: { events: p.events, trace_bytes: bytes },
      }),
    ],
    checks: [],
  };
}
