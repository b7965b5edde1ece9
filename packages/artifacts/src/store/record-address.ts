/**
 * The address of one record: a run id and a relative path inside a folder named after the run,
 * checked the same way by every backend's `readRecord`.
 * Owns: `requireRecordAddress`. Must not: do IO.
 */
import { requireRelPath, requireRunId } from '../validate.js';

/**
 * Throws an `ArtifactValidationError` naming `fn` (and `field`, default `relPath`) unless `runId`
 * and `relPath` follow the naming rules.
 */
export function requireRecordAddress(fn: string, runId: unknown, relPath: unknown, field = 'relPath'): asserts relPath is string {
  requireRunId(fn, 'runId', runId);
  requireRelPath(fn, field, relPath, runId);
}
