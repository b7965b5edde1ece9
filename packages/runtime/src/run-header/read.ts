/**
 * `readRunHeader`: a run's sealed header (its `RunHeader.v0`), found through the run's ledger by
 * its path, its bytes checked against the sealed size and SHA-256, and its content checked as the
 * header of that run.
 * Owns: RunHeader reads. Must not: write anything.
 */
import { ArtifactCorruptError, ArtifactNotFoundError } from '@abraxas/artifacts';
import { RunHeaderError } from '../errors.js';
import { checkRunHeader, headerRelPath, type RunHeader } from './record.js';
import { optionKeys } from '../option-keys.js';
import { locateRunOptions, type RunLocation } from '../run-location.js';
import { parseSealedJson } from '../sealed-json.js';

/** Options of `readRunHeader`: the run (`artifactsDir` or `store`, and `runId`). */
export type ReadRunHeaderOptions = RunLocation;

const OPTIONS = optionKeys<ReadRunHeaderOptions>({ artifactsDir: true, store: true, runId: true });

/**
 * The sealed header of a run with `runHeader`.
 * Throws `RuntimeValidationError` on bad options, `ArtifactNotFoundError` when the run or its header
 * is not listed, `RunHeaderError` when the sealed bytes do not match or are not the header of that run.
 *
 * @example
 * ```ts
 * const h = await readRunHeader({ artifactsDir: './artifacts', runId: 'RUN-001' });
 * h.packages['@abraxas/runtime']; // the version that wrote the run
 * ```
 */
export async function readRunHeader(options: ReadRunHeaderOptions): Promise<RunHeader> {
  const fn = 'readRunHeader';
  const at = locateRunOptions(fn, options, OPTIONS);
  const { runId } = at;
  const relPath = headerRelPath(runId);
  let sealed;
  try {
    sealed = await at.store.readRecord(runId, relPath);
  } catch (err) {
    if (err instanceof ArtifactNotFoundError) throw new ArtifactNotFoundError(fn, 'runId', `${JSON.stringify(runId)} has no run header (${err.message})`);
    if (err instanceof ArtifactCorruptError) throw new RunHeaderError(fn, relPath, `does not match its sealed sha256; run verifyRun for a full report (${err.message})`);
    throw err;
  }
  return checkRunHeader(fn, relPath, parseSealedJson(sealed, (detail) => new RunHeaderError(fn, relPath, detail)), runId);
}
