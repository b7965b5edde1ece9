/**
 * Where a run's metrics stand before a tick: the state after the latest decision record before it,
 * found with the store's `latestRecord` once per ledger and then kept in memory. A tick before the
 * latest decision is refused unless it repeats one (deciding it would fork the chain of states).
 * Owns: resuming promotion states from the ledger. Must not: write (the tick does, through its batch).
 */
import { ArtifactCorruptError, ArtifactNotFoundError, latestRecord, type ArtifactStore, type SealedRecord } from '@abraxas/artifacts';
import type { PromotionState } from '@abraxas/ers/promotion';
import { PromotionRecordError, RuntimeValidationError } from '../errors.js';
import { parseSealedJson } from '../sealed-json.js';
import { checkPromotionRecord, PROMOTION_KIND } from './record.js';

/** Metric states by name. */
export type PromotionStates = ReadonlyMap<string, PromotionState>;

interface Decided {
  readonly tick: number;
  readonly states: PromotionStates;
}

export class PromotionLedger {
  readonly #store: ArtifactStore;
  readonly #runId: string;
  /** The latest decision of the run: null when it has none; undefined until the store was asked. */
  #latest: Decided | null | undefined = undefined;

  constructor(store: ArtifactStore, runId: string) {
    this.#store = store;
    this.#runId = runId;
  }

  /**
   * The states the tick `tick` starts from: those after the latest decision before it (empty when
   * there is none). Refuses a tick before the latest decision that has no decision of its own.
   */
  async statesBefore(fn: string, tick: number): Promise<PromotionStates> {
    this.#latest ??= await this.#decided(fn, undefined);
    const latest = this.#latest;
    if (latest === null) return new Map();
    if (tick > latest.tick) return latest.states;
    if (tick < latest.tick && (await this.#decided(fn, tick + 1))?.tick !== tick) {
      throw new RuntimeValidationError(
        fn,
        'tick',
        `must not be before the run's latest promotion decision (tick ${latest.tick}) unless it has one: a run with metrics ticks forward`,
        tick,
      );
    }
    // A repeat of a decided tick starts where the decision before it left the metrics.
    return (await this.#decided(fn, tick))?.states ?? new Map();
  }

  /** Records that the tick's decision record was sealed, leaving the metrics at `states`. */
  accept(tick: number, states: PromotionStates): void {
    if (this.#latest === undefined || this.#latest === null || tick >= this.#latest.tick) this.#latest = { tick, states };
  }

  /** The run's last decision below `beforeTick` (any, when undefined), read and checked; null when there is none. */
  async #decided(fn: string, beforeTick: number | undefined): Promise<Decided | null> {
    let sealed: SealedRecord | null;
    try {
      sealed = await latestRecord(this.#store, this.#runId, beforeTick === undefined ? { kind: PROMOTION_KIND } : { kind: PROMOTION_KIND, beforeTick });
    } catch (err) {
      if (err instanceof ArtifactCorruptError) throw new PromotionRecordError(fn, err.file, `does not match its sealed sha256; run verifyRun for a full report (${err.message})`);
      if (err instanceof ArtifactNotFoundError) return null; // the run has no records yet
      throw err;
    }
    if (sealed === null) return null;
    const { path, tick } = sealed.record;
    const doc = parseSealedJson(sealed, (detail) => new PromotionRecordError(fn, path, detail));
    const record = checkPromotionRecord(fn, path, doc, this.#runId, tick);
    return { tick, states: new Map(record.metrics.map((m) => [m.metric, m.state])) };
  }
}
