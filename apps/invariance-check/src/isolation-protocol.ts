/**
 * The messages between the gate and an isolated run (a worker thread or a child process): the
 * request names the scenario (a declarative definition, or a module file to import afresh) and the
 * run index; the response carries the run's canonical trace events or the error that stopped it.
 * Owns: the message shapes. Must not: hold logic.
 */
import type { CanonicalTraceEvent } from '@abraxas/ers';
import type { ScenarioDefinition } from './scenario-types.js';

export type IsolatedScenario =
  | { readonly kind: 'declarative'; readonly definition: ScenarioDefinition }
  | { readonly kind: 'module'; readonly path: string; readonly label: string; readonly id: string };

export interface IsolatedRequest {
  readonly scenario: IsolatedScenario;
  readonly runIndex: number;
}

export type IsolatedResponse = { readonly ok: true; readonly events: CanonicalTraceEvent[] } | { readonly ok: false; readonly error: string };
