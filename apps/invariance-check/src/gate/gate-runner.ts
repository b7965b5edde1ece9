/**
 * Runs one scenario through the dozen-run gate (`dozenRunInvarianceGateAsync` from @abraxas/ers)
 * in one of three modes: in-process (one module instance, `makeTrace(i)` called N times: catches
 * state carried from run to run), `isolate` (each run in a fresh worker thread: catches
 * nondeterminism that state shared across runs hides, such as a value memoised at load time) and
 * `vary-env` (each run in a fresh child process with its own time zone, locale and working folder:
 * catches dependence on the environment). It keeps every run's canonical trace, so the report can
 * show every mismatching run's divergence.
 * Owns: one scenario's evaluation. Must not: read the lock or print.
 */
import { canonicalizeTrace, dozenRunInvarianceGateAsync, type CanonicalTraceEvent, type InvarianceResult, type TraceEvent } from '@abraxas/ers';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDivergences, type RunDivergence } from '../reports/divergence-report.js';
import { environmentFor, environmentVariables, type RunEnvironment } from './env-variation.js';
import { ScenarioRunError, thrownMessage } from '../errors.js';
import type { IsolatedRequest, IsolatedScenario } from './isolation-protocol.js';
import { IsolatedRunError, runInChild, runInWorker } from './isolation.js';
import type { LoadedScenario } from '../scenario/scenario-types.js';

export type GateMode = 'in-process' | 'isolate' | 'vary-env';

/** The gate's default run count (the spec's dozen). */
export const DEFAULT_RUNS = 12;

export interface GateOptions {
  readonly mode: GateMode;
  /** Runs from the command line; null lets the scenario's own `runs` (or 12) decide. */
  readonly runs: number | null;
}

export interface ScenarioEvaluation {
  readonly scenario: LoadedScenario;
  readonly mode: GateMode;
  readonly runs: number;
  readonly gate: InvarianceResult;
  readonly traces: readonly (readonly CanonicalTraceEvent[])[];
  readonly divergences: readonly RunDivergence[];
  /** Each run's environment under `vary-env`; null otherwise. */
  readonly environments: readonly RunEnvironment[] | null;
}

/** Runs the gate over `scenario`. Throws `ScenarioRunError` when a run cannot produce a trace. */
export async function evaluateScenario(scenario: LoadedScenario, options: GateOptions): Promise<ScenarioEvaluation> {
  const runs = options.runs ?? scenario.runs ?? DEFAULT_RUNS;
  const traces: CanonicalTraceEvent[][] = [];
  const environments: RunEnvironment[] = [];
  const label = scenario.source.label;
  let tempRoot: string | null = null;
  try {
    if (options.mode === 'vary-env') tempRoot = await mkdtemp(join(tmpdir(), 'abraxas-invariance-'));
    const root = tempRoot;
    const produce = async (i: number): Promise<readonly TraceEvent[]> => {
      if (options.mode === 'in-process') return scenario.makeTrace(i);
      const request: IsolatedRequest = { kind: 'trace', scenario: isolatedScenario(scenario), runIndex: i };
      if (options.mode === 'isolate') return (await runInWorker(request)) as readonly TraceEvent[];
      const env = environmentFor(i);
      environments.push(env);
      const cwd = join(root as string, ...env.cwd.split('/'));
      await mkdir(cwd, { recursive: true });
      return (await runInChild(request, cwd, { ...process.env, ...environmentVariables(env) })) as readonly TraceEvent[];
    };
    const gate = await dozenRunInvarianceGateAsync({
      runs,
      makeTrace: async (i) => {
        let trace: readonly TraceEvent[];
        try {
          const produced: unknown = await produce(i);
          if (!Array.isArray(produced)) throw new Error(`makeTrace(${i}) must return an array of trace events`);
          trace = produced as readonly TraceEvent[];
          traces.push(canonicalizeTrace(trace).events);
        } catch (e) {
          throw new ScenarioRunError(label, i, e instanceof IsolatedRunError ? e.message : thrownMessage(e));
        }
        return trace;
      },
    });
    return {
      scenario,
      mode: options.mode,
      runs,
      gate,
      traces,
      divergences: runDivergences(traces, gate.hashes),
      environments: options.mode === 'vary-env' ? environments : null,
    };
  } finally {
    if (tempRoot !== null) await rm(tempRoot, { recursive: true, force: true });
  }
}

function isolatedScenario(scenario: LoadedScenario): IsolatedScenario {
  if (scenario.definition !== null) return { kind: 'declarative', definition: scenario.definition };
  if (scenario.source.kind !== 'module') throw new Error(`${scenario.source.label}: a scenario without a definition must be a module`);
  return { kind: 'module', path: scenario.source.path, label: scenario.source.label, id: scenario.id };
}
