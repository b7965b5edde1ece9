/**
 * The cases every runtime computes, Chromium included: each repo scenario through the dozen-run
 * gate (its hash is the trace hash all runs agreed on), each golden scheduler vector's trace and
 * TrendPack, and each golden gate vector's full gate result. Pure: @abraxas/ers and @abraxas/viz
 * only, no file system, clock or randomness, so it runs unchanged in Node, Bun, Deno and a browser.
 * Owns: computing the pure cases. Must not: do IO, compare with references or print.
 */
import {
  canonicalJson,
  canonicalJsonBytes,
  canonicalizeTrace,
  dozenRunInvarianceGateAsync,
  sha256Hex,
  traceHashSha256,
  type JsonValue,
  type TraceEvent,
} from '@abraxas/ers';
import { ersTraceToTrendpack } from '@abraxas/viz';
import { declarativeMakeTrace, declarativeTrace } from '../scenario/declarative-trace.js';
import { thrownMessage } from '../errors.js';
import type { MakeTrace, ScenarioDefinition } from '../scenario/scenario-types.js';
import type { CaseKind, ProbeCell, ProbeInput, ProbeSchedulerVector } from './probe-types.js';

/** A scenario module bundled with the probe: what `makeTrace` a key stands for. */
export type ProbeModules = Readonly<Record<string, { readonly makeTrace: MakeTrace }>>;

/** Every pure case of `input`, in input order: scenarios, then scheduler vectors, then gate vectors. */
export async function pureCases(input: ProbeInput, modules: ProbeModules): Promise<ProbeCell[]> {
  const cells: ProbeCell[] = [];
  for (const s of input.scenarios) {
    const makeTrace = 'definition' in s ? declarativeMakeTrace(s.definition) : modules[s.module]?.makeTrace;
    cells.push(await cell(`scenario:${s.id}`, 'scenario', () => scenarioCell(makeTrace, s.runs)));
  }
  for (const v of input.scheduler) {
    const trace = declarativeTrace(schedulerDefinition(v), 0);
    cells.push(await cell(`trace:${v.id}`, 'trace', () => ({ hash: traceHashSha256(trace), detail: { events: canonicalizeTrace(trace).events as unknown as JsonValue[] } })));
    cells.push(
      await cell(`trendpack:${v.id}`, 'trendpack', () => {
        const pack = ersTraceToTrendpack({ trace, runId: v.trendpack_run_id, tick: v.tick, provenance: v.trendpack_provenance });
        return { hash: sha256Hex(canonicalJsonBytes(pack)), detail: { value: JSON.parse(canonicalJson(pack)) as JsonValue } };
      }),
    );
  }
  for (const g of input.gate) {
    cells.push(
      await cell(`gate:${g.id}`, 'gate', async () => {
        const result = await dozenRunInvarianceGateAsync({ makeTrace: declarativeMakeTrace(g.definition), runs: g.definition.runs ?? 12 });
        return { hash: sha256Hex(canonicalJson(result)), detail: { value: result } };
      }),
    );
  }
  return cells;
}

/** Runs `compute` and turns a throw into an error cell, so one failing case never hides the others. */
export async function cell(id: string, kind: CaseKind, compute: () => Promise<Omit<ProbeCellOk, 'case' | 'kind'>> | Omit<ProbeCellOk, 'case' | 'kind'>): Promise<ProbeCell> {
  try {
    return { case: id, kind, ...(await compute()) };
  } catch (e) {
    return { case: id, kind, hash: null, error: thrownMessage(e) };
  }
}

type ProbeCellOk = Extract<ProbeCell, { hash: string }>;

async function scenarioCell(makeTrace: MakeTrace | undefined, runs: number | null): Promise<Omit<ProbeCellOk, 'case' | 'kind'>> {
  if (makeTrace === undefined) throw new Error('the scenario module was not bundled with the probe');
  const traces: TraceEvent[][] = [];
  const gate = await dozenRunInvarianceGateAsync({
    runs: runs ?? 12,
    makeTrace: async (i) => {
      const trace = [...(await makeTrace(i))];
      traces.push(trace);
      return trace;
    },
  });
  if (!gate.ok) throw new Error(`the runs disagree inside this runtime: run ${String(gate.first_mismatch_index)} differs from run 0`);
  return { hash: gate.expected_hash, detail: { events: canonicalizeTrace(traces[0] ?? []).events as unknown as JsonValue[] } };
}

/** A scheduler vector as a one-tick declarative scenario. */
function schedulerDefinition(v: ProbeSchedulerVector): ScenarioDefinition {
  return {
    id: v.id,
    description: null,
    ticks: [v.tick],
    budget_forecast: v.budget_forecast,
    budget_shadow: v.budget_shadow,
    context: {},
    async: false,
    runs: null,
    tasks: v.tasks,
    per_run_outcomes: [],
  };
}
