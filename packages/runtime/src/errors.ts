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
