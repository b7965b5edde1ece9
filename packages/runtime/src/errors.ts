/**
 * Error classes of @abraxas/runtime. Messages follow the project's style
 * `<function>: <field> <rule>; got <value>`, so a caller can fix the input without reading the source.
 * Owns: the package's error types. Must not: validate anything itself (see validate.ts).
 */
import { ErsValidationError } from '@abraxas/ers';

/**
 * A runtime function received input that breaks one of its rules; nothing was run or written.
 * It extends `ErsValidationError`, so a caller that catches the scheduler's validation errors
 * catches these too; `fn` and `field` are readable without parsing the message.
 */
export class RuntimeValidationError extends ErsValidationError {
  override name = 'RuntimeValidationError';
}

/** `RunHandle.tick` was called after `close()`. */
export class RunClosedError extends Error {
  override name = 'RunClosedError';
  readonly runId: string;
  constructor(fn: string, runId: string) {
    super(`${fn}: the run handle of ${JSON.stringify(runId)} is closed; open a new one with openRun`);
    this.runId = runId;
  }
}

/**
 * `queryRun` found the run's index inconsistent with its manifest: a RunIndex whose bytes do not
 * match their sealed hash, or whose content contradicts the manifest. Run `verifyRun` for a full report.
 */
export class RunIndexCorruptError extends Error {
  override name = 'RunIndexCorruptError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}

/**
 * `readTrendPack` / `iterateTicks` found a sealed TrendPack that does not match its hash in the
 * run's manifest, or is not a valid TrendPack of that run and tick. Run `verifyRun` for a full report.
 */
export class TrendPackCorruptError extends Error {
  override name = 'TrendPackCorruptError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}

/**
 * A metric task tried to write to the tick's context. Metrics are observation-only in every stage:
 * a promoted metric's value reaches the pipeline through `TickResult.promotion.consumed`, never
 * through the context. Recorded as that metric task's `error`.
 */
export class MetricWriteError extends Error {
  override name = 'MetricWriteError';
}

/**
 * A promotion decision record in the run's ledger does not match its sealed hash, is not a
 * `PromotionDecision.v0` record of its run and tick, or contradicts what replaying the decisions
 * from their recorded evidence gives. `relPath` names the record, `metric` the metric (if one).
 */
export class PromotionRecordError extends Error {
  override name = 'PromotionRecordError';
  readonly relPath: string;
  readonly metric: string | null;
  constructor(fn: string, relPath: string, detail: string, metric: string | null = null) {
    super(`${fn}: ${relPath}${metric === null ? '' : ` metric ${JSON.stringify(metric)}`} ${detail}`);
    this.relPath = relPath;
    this.metric = metric;
  }
}

/** The artifact store answered against its contract (for example, a batch without one of its records). */
export class RuntimeStoreError extends Error {
  override name = 'RuntimeStoreError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}

/**
 * A `RunStability.v0` record in the run's ledger does not match its sealed hash, or is not a
 * consistent stability record of its run (a verdict its hashes do not give, for example).
 */
export class StabilityRecordError extends Error {
  override name = 'StabilityRecordError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}

/**
 * A tick's `ResultsPack.v0` cannot be sealed (a value canonical JSON cannot hold, or over the
 * run's size limits: nothing was written), or a sealed one does not match its hash or is not a
 * ResultsPack of its run and tick (`readTickResults`). `relPath` names the record.
 */
export class ResultsPackError extends Error {
  override name = 'ResultsPackError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}

/**
 * A run header that cannot be used: a sealed one does not match its hash or is not the
 * `RunHeader.v0` of its run (`readRunHeader`). `relPath` names the record.
 */
export class RunHeaderError extends Error {
  override name = 'RunHeaderError';
  readonly relPath: string;
  constructor(fn: string, relPath: string, detail: string) {
    super(`${fn}: ${relPath} ${detail}`);
    this.relPath = relPath;
  }
}
