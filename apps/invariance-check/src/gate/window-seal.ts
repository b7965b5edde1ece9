/**
 * `window --seal DIR --run ID`: a stabilization window's verdict sealed into run ID of the
 * artifacts folder DIR as a `RunStability.v0` record (source `stabilization_window`) covering the
 * window's ticks. The gate's runs are the record's runs: run i's hash is the SHA-256 of the
 * canonical JSON list of run i's trace hash in every cell (row-major, as the report lists the
 * cells), so the verdict is reproducible exactly when every cell is invariant; the divergence names
 * the first cell that drifted.
 * Owns: sealing a window evaluation. Must not: evaluate or print.
 */
import { canonicalJsonBytes, sha256Hex } from '@abraxas/ers';
import { SealError } from '../errors.js';
import type { SealedVerdict } from '../runtime-gate/runtime-seal.js';
import type { WindowEvaluation } from './stabilization-window.js';

export async function sealWindowEvaluation(evaluation: WindowEvaluation, artifactsDir: string, runId: string): Promise<SealedVerdict> {
  const { report, cellHashes } = evaluation;
  const failed = report.cells.find((c) => c.error !== null);
  if (failed !== undefined) throw new SealError(artifactsDir, `gets no verdict: the cell of budget ${failed.budget} at tick ${String(failed.tick)} could not run (${String(failed.error)}): not sealed`);
  const hashes = Array.from({ length: report.runs }, (_, run) => sha256Hex(canonicalJsonBytes(cellHashes.map((h) => (h as readonly string[])[run] ?? ''))));
  const drift = report.cells.find((c) => !c.ok);
  const { sealRunStability } = await import('@abraxas/runtime');
  try {
    const sealed = await sealRunStability({
      artifactsDir,
      runId,
      source: 'stabilization_window',
      scenario: `${report.scenario.id}: ticks 0-${String(report.ticks.length - 1)} under ${report.budgets.map((b) => b.label).join(', ')}`,
      hashes,
      divergence: drift === undefined ? null : { budget: drift.budget, tick: drift.tick, first_mismatch_index: drift.first_mismatch_index },
      toTick: report.ticks.length - 1,
    });
    return { artifacts_dir: artifactsDir, ref: sealed.ref, sha256: sealed.sha256, verdict: sealed.record.verdict };
  } catch (e) {
    throw new SealError(artifactsDir, `could not seal the window's verdict into run ${runId}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
