/**
 * The report of one `invariance-check` invocation: a record per scenario (gate result, every
 * mismatching run's divergence, pin verdict) and the lock's state. It is what `--json` prints
 * (canonical JSON, snake_case) and what the text report renders; the exit code is derived here.
 * Owns: the report records and the exit-code rule. Must not: print.
 */
import type { InvarianceResult } from '@abraxas/ers';
import type { RunDivergence } from './divergence-report.js';
import type { RunEnvironment } from '../gate/env-variation.js';
import type { GateMode } from '../gate/gate-runner.js';
import type { PinVerdict } from '../lock/pin-check.js';

export const REPORT_SCHEMA = 'InvarianceReport.v1';

/** 0: every scenario passed; 1: drift, a moved or missing pin, or a stale pin; 2: bad usage or input, or a run that could not finish. */
export type ExitCode = 0 | 1 | 2;

export type ScenarioStatus = 'pass' | 'drift' | 'pin_mismatch' | 'spec_mismatch' | 'unpinned' | 'error';

export interface ScenarioReport {
  readonly id: string;
  readonly source: string;
  readonly status: ScenarioStatus;
  readonly ok: boolean;
  readonly mode: GateMode;
  readonly runs: number;
  /** The agreed hash (null when the runs drifted or a run failed). */
  readonly hash: string | null;
  readonly gate: InvarianceResult | null;
  readonly divergences: readonly RunDivergence[];
  readonly environments: readonly RunEnvironment[] | null;
  readonly pin: PinVerdict;
  /** The command that re-pins this scenario, when its pin is missing or moved. */
  readonly repin_command: string | null;
  readonly error: string | null;
}

export interface LockReport {
  readonly path: string;
  readonly stale_pins: readonly string[];
  readonly stale_fails: boolean;
  readonly written: boolean;
  readonly update_refused: string | null;
}

export interface CheckReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly ok: boolean;
  readonly exit_code: ExitCode;
  readonly scenarios: readonly ScenarioReport[];
  readonly lock: LockReport;
}

/** A scenario's status from its gate, error and pin verdict. */
export function scenarioStatus(gate: InvarianceResult | null, error: string | null, pin: PinVerdict): ScenarioStatus {
  if (error !== null || gate === null) return 'error';
  if (!gate.ok) return 'drift';
  if (pin.status === 'spec_mismatch') return 'spec_mismatch';
  if (pin.status === 'mismatch') return 'pin_mismatch';
  if (pin.status === 'unpinned' && pin.fails) return 'unpinned';
  return 'pass';
}

/** The exit code of a finished check. */
export function exitCodeOf(scenarios: readonly ScenarioReport[], lock: LockReport): ExitCode {
  if (scenarios.some((s) => s.status === 'error')) return 2;
  if (scenarios.some((s) => !s.ok) || (lock.stale_fails && lock.stale_pins.length > 0) || lock.update_refused !== null) return 1;
  return 0;
}
