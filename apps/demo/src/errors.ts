/**
 * The demo's own error: the artifacts folder already holds a longer run under the same id.
 * Owns: the error class and its wording. Must not: decide when it is thrown (demo.ts does).
 */

/** `--out` holds run `runId` with more ticks than asked for: the demo refuses instead of reporting part of it. */
export class DemoRunExistsError extends Error {
  readonly runId: string;
  /** Ticks the folder holds for the run (ticks 0 … held-1). */
  readonly held: number;
  /** Ticks the user asked for. */
  readonly requested: number;

  constructor(runId: string, held: number, requested: number) {
    super(
      `runDemo: the folder already holds run ${runId} with ${held} ticks (0–${held - 1}); ticks (${requested}) must be at least ${held}, ` +
        `or use another out folder or run id`,
    );
    this.name = 'DemoRunExistsError';
    this.runId = runId;
    this.held = held;
    this.requested = requested;
  }
}
