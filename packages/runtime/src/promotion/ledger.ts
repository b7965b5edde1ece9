/**
 * Where a run's metrics stand before a tick, as its ledger says: the state after the latest
 * decision record before that tick. The ledger's records are listed once (one manifest read when
 * the run's first metric tick starts); records this process writes are added as they are sealed,
 * and the latest states are kept in memory, so a run that ticks in order reads no record at all. A
 * resumed run, or a repeated tick, reads the one record it starts from, hash-checked.
 * Ticks of a run with metrics go forward: a tick before the latest decision is refused unless it has
 * a decision of its own (a repeat), since deciding it would fork the chain of states.
 * Owns: resuming promotion states from the ledger. Must not: write (the tick does, through its writer).
 */
import { ArtifactNotFoundError, type ArtifactStore } from '@abraxas/artifacts';
import type { PromotionState } from '@abraxas/ers/promotion';
import { PromotionRecordError, RuntimeValidationError } from '../errors.js';
import { readSealedJson, type SealedRef } from '../sealed-json.js';
import { checkPromotionRecord, PROMOTION_KIND } from './record.js';

/** Metric states by name. */
export type PromotionStates = ReadonlyMap<string, PromotionState>;

export class PromotionLedger {
  readonly #store: ArtifactStore;
  readonly #runId: string;
  /** Ticks with a decision record, ascending. */
  readonly #ticks: number[];
  readonly #refs: Map<number, SealedRef>;
  #latest: { readonly tick: number; readonly states: PromotionStates } | null = null;

  private constructor(store: ArtifactStore, runId: string, refs: Map<number, SealedRef>) {
    this.#store = store;
    this.#runId = runId;
    this.#refs = refs;
    this.#ticks = [...refs.keys()].sort((a, b) => a - b);
  }

  /** Lists the run's decision records (none when the run has no manifest yet). */
  static async open(store: ArtifactStore, runId: string): Promise<PromotionLedger> {
    const refs = new Map<number, SealedRef>();
    try {
      for (const r of await store.listRecords(runId)) {
        if (r.kind === PROMOTION_KIND) refs.set(r.tick, { path: r.path, sha256: r.sha256, bytes: r.bytes });
      }
    } catch (err) {
      if (!(err instanceof ArtifactNotFoundError)) throw err;
    }
    return new PromotionLedger(store, runId, refs);
  }

  /**
   * The states the tick `tick` starts from: those after the latest decision before it (empty when
   * there is none). Refuses a tick before the latest decision that has no decision of its own.
   */
  async statesBefore(fn: string, tick: number): Promise<PromotionStates> {
    const last = this.#ticks[this.#ticks.length - 1];
    if (last !== undefined && tick < last && !this.#refs.has(tick)) {
      throw new RuntimeValidationError(
        fn,
        'tick',
        `must not be before the run's latest promotion decision (tick ${last}) unless it has one: a run with metrics ticks forward`,
        tick,
      );
    }
    const prev = this.#previousTick(tick);
    if (prev === null) return new Map();
    if (this.#latest?.tick === prev) return this.#latest.states;
    const ref = this.#refs.get(prev) as SealedRef;
    const record = checkPromotionRecord(fn, ref.path, await readSealedJson(this.#store, this.#runId, ref, (detail) => new PromotionRecordError(fn, ref.path, detail)), this.#runId, prev);
    const states: PromotionStates = new Map(record.metrics.map((m) => [m.metric, m.state]));
    this.#latest = { tick: prev, states };
    return states;
  }

  /** Records that the tick's decision record was sealed at `ref`, leaving the metrics at `states`. */
  accept(tick: number, ref: SealedRef, states: PromotionStates): void {
    if (!this.#refs.has(tick)) {
      const last = this.#ticks[this.#ticks.length - 1];
      if (last === undefined || tick > last) this.#ticks.push(tick);
      else this.#ticks.splice(this.#ticks.findIndex((t) => t > tick), 0, tick);
    }
    this.#refs.set(tick, ref);
    this.#latest = { tick, states };
  }

  /** The greatest tick with a decision that is below `tick`, or null. */
  #previousTick(tick: number): number | null {
    let lo = 0;
    let hi = this.#ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#ticks[mid] as number) < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : (this.#ticks[lo - 1] as number);
  }
}
