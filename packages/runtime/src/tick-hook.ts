/**
 * The one seam between the plain tick and what a run adds to it (promotion lives behind it): at
 * call time the hook checks its own tick options; before the tick it contributes tasks; after the
 * tick it gives the records to seal in the tick's batch (each referenced from the RunIndex under
 * its name) and, once they are sealed, its fields of the tick result.
 * Owns: the hook's shape and the hook that adds nothing. Must not: know any hook's records.
 */
import type { ManifestRecord, StoreWrite } from '@abraxas/artifacts';
import type { TaskSpec, TickOutput } from '@abraxas/ers';
import type { TickPlan } from './tick-plan.js';
import type { TickResult } from './types.js';

/** A sealed record's relative path and the SHA-256 of its canonical bytes. */
export interface RecordAddress {
  readonly relPath: string;
  readonly sha256: string;
}

/** A record a hook seals in the tick's batch, referenced from the RunIndex as `refs.<ref>` / `hashes.<ref>_sha256`. */
export interface HookRecord extends RecordAddress {
  readonly ref: string;
  readonly item: StoreWrite;
}

/** The fields a hook adds to the plain tick result. */
export type TickAddition = Partial<Omit<TickResult, 'tick' | 'run_id' | 'mode' | 'results' | 'remaining' | 'artifacts'>>;

/** A run's hook: called once per tick, at call time (synchronously, so bad input throws before the tick queues). */
export interface TickHook {
  /** Checks the hook's options in the tick's `work` (throwing `RuntimeValidationError` naming `fn`). */
  accept(fn: string, work: object): HookTick;
}

/** The hook's part of one tick. */
export interface HookTick {
  /** Before the tick runs: the tasks it adds. */
  before(fn: string, plan: TickPlan): Promise<HookTasks>;
}

export interface HookTasks {
  readonly tasks: readonly TaskSpec[];
  /** After the tick ran: the records to seal, given the tick's TrendPack (which they may cite). */
  after(out: TickOutput, trendpack: RecordAddress): Promise<HookRecords>;
}

export interface HookRecords {
  /** Sealed between the TrendPack and the RunIndex, in this order. */
  readonly records: readonly HookRecord[];
  /** Once the batch is sealed (its records by relative path): the hook's fields of the tick result. */
  sealed(written: ReadonlyMap<string, ManifestRecord>): TickAddition;
}

const NOTHING: HookRecords = { records: [], sealed: () => ({}) };
const NO_TASKS: HookTasks = { tasks: [], after: () => Promise.resolve(NOTHING) };

/** The part of a tick that adds nothing. */
export const PLAIN_TICK: HookTick = { before: () => Promise.resolve(NO_TASKS) };
