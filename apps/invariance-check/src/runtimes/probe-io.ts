/**
 * The cases that need a file system, computed in every runtime that has one (Node, Bun, Deno; not
 * a browser page): each runtime scenario through the runtime-level gate (`abraxasTick` into fresh
 * artifacts folders, all runs agreeing), then the artifact tree it wrote (every file's path and
 * SHA-256: equal trees are byte-identical), each tick's TrendPack file, and the Merkle root of the
 * run's manifest as @abraxas/artifacts computes it.
 * Owns: computing the IO cases. Must not: compare with references or print.
 */
import { manifestRootHash, type Manifest } from '@abraxas/artifacts';
import type { JsonValue } from '@abraxas/ers';
import { evaluateRuntimeScenario } from '../runtime-gate/runtime-gate.js';
import type { RuntimeRunRecord } from '../runtime-gate/runtime-run.js';
import { cell } from './probe-cases.js';
import type { ProbeCell, ProbeInput } from './probe-types.js';

/** Every IO case of `input`, scenario by scenario: the tree, each tick's TrendPack, the Merkle root. */
export async function ioCases(input: ProbeInput): Promise<ProbeCell[]> {
  const cells: ProbeCell[] = [];
  for (const scenario of input.runtime) {
    let record: RuntimeRunRecord | null = null;
    let failure: string | null = null;
    try {
      const evaluation = await evaluateRuntimeScenario(scenario, { mode: 'in-process', runs: input.runtime_runs });
      if (evaluation.ok) record = evaluation.record;
      else failure = `the runs disagree inside this runtime: run ${String(evaluation.first_mismatch_index)} wrote a different tree from run 0`;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    const got = (): RuntimeRunRecord => {
      if (record === null) throw new Error(failure ?? 'no run record');
      return record;
    };
    cells.push(
      await cell(`runtime-tree:${scenario.id}`, 'runtime-tree', () => {
        const r = got();
        return { hash: r.tree_sha256, detail: { files: Object.fromEntries(r.files.map((f) => [f.path, f.sha256])), json: r.json } };
      }),
    );
    for (const [i, tick] of scenario.ticks.entries()) {
      cells.push(
        await cell(`runtime-trendpack:${scenario.id}:t${String(tick)}`, 'runtime-trendpack', () => {
          const t = got().ticks[i];
          if (t === undefined) throw new Error(`the run recorded no tick ${String(tick)}`);
          return { hash: t.trendpack_sha256, detail: { value: JSON.parse(got().json[t.trendpack] ?? 'null') as JsonValue } };
        }),
      );
    }
    cells.push(
      await cell(`merkle-root:${scenario.id}`, 'merkle-root', () => {
        const r = got();
        const manifest = JSON.parse(r.json[r.manifest] ?? 'null') as Manifest;
        return { hash: manifestRootHash(manifest), detail: { value: manifest as unknown as JsonValue } };
      }),
    );
  }
  return cells;
}
