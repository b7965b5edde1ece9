/**
 * @abraxas/ers — ERS v0.2, the deterministic tick scheduler: stable ordering, per-lane budgets,
 * canonical trace hashing and the dozen-run invariance gate. Pure: no IO, no clock, no randomness;
 * runs unchanged in Node and in browsers.
 */
export { Budget, type BudgetInit } from './budget.js';
export {
  bindCallable,
  bindRuneInvoke,
  type BindCallableOptions,
  type BindRuneInvokeOptions,
  type NotComputable,
} from './bindings.js';
export { DeterministicScheduler } from './scheduler.js';
export { canonicalizeTrace, traceHashSha256, traceJsonBytes, type CanonicalTraceEvent } from './trace.js';
export { MAX_JSON_DEPTH, canonicalJson, canonicalJsonBytes } from './canonical-json.js';
export { sha256Hex } from './hash/sha256.js';
export {
  dozenRunInvarianceGate,
  dozenRunInvarianceGateAsync,
  firstDivergence,
  type Divergence,
  type DivergenceSide,
  type InvarianceGateAsyncOptions,
  type InvarianceGateOptions,
  type InvarianceResult,
} from './invariance.js';
export {
  AsyncTaskError,
  CanonicalJsonError,
  DuplicateTaskError,
  ErsError,
  ErsValidationError,
  ShadowWriteError,
} from './errors.js';
export type { DeepReadonly } from './deep-readonly.js';
export type {
  DefaultContext,
  ForecastTaskSpec,
  JsonValue,
  Lane,
  RunTickAsyncOptions,
  RunTickOptions,
  ShadowTaskSpec,
  Status,
  TaskContext,
  TaskFn,
  TaskResult,
  TaskResults,
  TaskSpec,
  TickOutput,
  TraceEvent,
} from './types.js';
