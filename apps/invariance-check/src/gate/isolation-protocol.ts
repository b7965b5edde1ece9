/**
 * The messages between a gate and an isolated run (a worker thread or a child process). A trace
 * request names the scenario (a declarative definition, or a module file to import afresh) and
 * the run index; the answer is the run's canonical trace events. A runtime request names a
 * runtime scenario, the run index and the artifacts folder; the answer is what the run wrote.
 * Either side may answer with the error that stopped the run.
 * Owns: the message shapes. Must not: hold logic.
 */
import type { ScenarioDefinition } from '../scenario/scenario-types.js';
import type { RuntimeScenario } from '../runtime-gate/runtime-scenario.js';

export type IsolatedScenario =
  | { readonly kind: 'declarative'; readonly definition: ScenarioDefinition }
  | { readonly kind: 'module'; readonly path: string; readonly label: string; readonly id: string };

export type IsolatedRequest =
  | { readonly kind: 'trace'; readonly scenario: IsolatedScenario; readonly runIndex: number }
  | { readonly kind: 'runtime'; readonly scenario: RuntimeScenario; readonly runIndex: number; readonly artifactsDir: string };

/** `value` is the trace's canonical events, or the runtime run's record. */
export type IsolatedResponse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };
