/**
 * `readTickResults`: a tick's sealed task results (its `ResultsPack.v0`), found through the run's
 * ledger by its path, its bytes checked against the sealed size and SHA-256, and its content
 * checked as the ResultsPack of that run and tick.
 * Owns: ResultsPack reads. Must not: write anything.
 */
import { ArtifactCorruptError, ArtifactNotFoundError } from '@abraxas/artifacts';
import { ResultsPackError } from './errors.js';
import { checkResultsPack, resultsRelPath, type ResultsPack } from './records/results-pack.js';
import { optionKeys } from './option-keys.js';
import { locateRunOptions, type RunLocation } from './run-location.js';
import { parseSealedJson } from './sealed-json.js';
import { requireTick } from './validate.js';

/** Options of `readTickResults`. */
export interface ReadTickResultsOptions extends RunLocation {
  /** The tick: a non-negative safe integer. */
  readonly tick: number;
}

const OPTIONS = optionKeys<ReadTickResultsOptions>({ artifactsDir: true, store: true, runId: true, tick: true });

/**
 * The sealed results of one tick of a run with `sealResults`.
 * Throws `RuntimeValidationError` on bad options, `ArtifactNotFoundError` when the run or the tick's
 * ResultsPack is not listed, `ResultsPackError` when the sealed bytes do not match or are not a
 * ResultsPack of that run and tick.
 *
 * @example
 * ```ts
 * const r = await readTickResults({ artifactsDir: './artifacts', runId: 'RUN-001', tick: 0 });
 * r.results['oracle:signal'].value; // what the step returned, as canonical JSON holds it
 * ```
 */
export async function readTickResults(options: ReadTickResultsOptions): Promise<ResultsPack> {
  const fn = 'readTickResults';
  const at = locateRunOptions(fn, options, OPTIONS);
  requireTick(fn, 'tick', options.tick);
  const { runId } = at;
  const { tick } = options;
  const relPath = resultsRelPath(runId, tick);
  let sealed;
  try {
    sealed = await at.store.readRecord(runId, relPath);
  } catch (err) {
    if (err instanceof ArtifactNotFoundError) throw new ArtifactNotFoundError(fn, 'tick', `${tick} has no ResultsPack in run ${JSON.stringify(runId)} (${err.message})`);
    if (err instanceof ArtifactCorruptError) throw new ResultsPackError(fn, relPath, `does not match its sealed sha256; run verifyRun for a full report (${err.message})`);
    throw err;
  }
  return checkResultsPack(fn, relPath, parseSealedJson(sealed, (detail) => new ResultsPackError(fn, relPath, detail)), runId, tick);
}
