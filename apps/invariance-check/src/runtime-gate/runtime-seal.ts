/**
 * `runtime --seal DIR`: the runtime gate's verdict sealed into a run of its own. Run 0 of the
 * scenario is written once more into DIR (a tick written before with the same outcome adds
 * nothing), its records are checked to be the ones the gate compared, and the verdict is sealed
 * there as a `RunStability.v0` record covering the scenario's ticks.
 * Owns: sealing a runtime evaluation. Must not: evaluate or print.
 */
import type { Manifest } from '@abraxas/artifacts';
import { SealError } from '../errors.js';
import type { RuntimeEvaluation } from './runtime-gate.js';
import { runRuntimeOnce } from './runtime-run.js';

/** Where a verdict was sealed. */
export interface SealedVerdict {
  /** The artifacts folder, as given. */
  readonly artifacts_dir: string;
  /** The record's path relative to that folder. */
  readonly ref: string;
  readonly sha256: string;
  readonly verdict: 'reproducible' | 'diverged';
}

export async function sealRuntimeEvaluation(evaluation: RuntimeEvaluation, artifactsDir: string): Promise<SealedVerdict> {
  const { scenario } = evaluation;
  const { rootWithoutStability, sealRunStability } = await import('@abraxas/runtime');
  const rootOf = (text: string | undefined): string | null => (text === undefined ? null : rootWithoutStability(JSON.parse(text) as Manifest));
  const gateRoot = rootOf(evaluation.record.json[evaluation.record.manifest]);
  let sealedRoot: string | null;
  try {
    const here = await runRuntimeOnce(scenario, 0, artifactsDir);
    sealedRoot = rootOf(here.json[here.manifest]);
  } catch (e) {
    throw new SealError(artifactsDir, `could not take run 0 of ${scenario.id} to seal its verdict: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (sealedRoot === null || sealedRoot !== gateRoot) {
    throw new SealError(artifactsDir, `holds run ${scenario.run_id} with other records than the runs the gate compared: not sealed`);
  }
  const first = evaluation.divergences[0];
  const sealed = await sealRunStability({
    artifactsDir,
    runId: scenario.run_id,
    source: 'runtime_gate',
    scenario: scenario.id,
    hashes: evaluation.run_hashes.map((h) => h.tree_sha256),
    divergence: first === undefined ? null : { run: first.run, tree_sha256: first.tree_sha256, files: first.files.map((f) => ({ ...f, paths: [...f.paths] })) },
    toTick: Math.max(...scenario.ticks),
  });
  return { artifacts_dir: artifactsDir, ref: sealed.ref, sha256: sealed.sha256, verdict: sealed.record.verdict };
}
