/**
 * `verifyRun` of an artifacts folder with the runtime's reference rule: what @abraxas/artifacts
 * checks, plus every RunIndex reference.
 * Owns: binding the rule to the folder's verification. Must not: check anything itself.
 */
import { verifyRun as verifyFolder, type VerifyResult } from '@abraxas/artifacts';
import { RECORD_REFERENCES } from './record-kinds.js';

/**
 * Verifies every artifact of `runId` under `artifactsDir` against the run's ledger (missing,
 * tampered, wrong-size and unlisted files) and every RunIndex reference (`bad_ref`).
 */
export function verifyRun(artifactsDir: string, runId: string): Promise<VerifyResult> {
  return verifyFolder(artifactsDir, runId, { references: RECORD_REFERENCES });
}
