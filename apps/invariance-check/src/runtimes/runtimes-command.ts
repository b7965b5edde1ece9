/**
 * `invariance-check --runtimes <list>`: builds the cases and their references, bundles the probe,
 * locates every runtime first (so a missing one fails before anything runs), runs the probe in
 * each, one after the other (the machine's cores are not the check's to hog), and judges the table.
 * Owns: one cross-runtime invocation. Must not: print (main.ts does).
 */
import { join } from 'node:path';
import { repoScenariosDir } from '../repo-paths.js';
import { hostCases, withMerkleReferences } from './case-references.js';
import { findChromium } from './chromium.js';
import { bundleProbes } from './probe-bundle.js';
import { runProbe, type ProbeRunner, type RuntimeTarget } from './probe-exec.js';
import type { RuntimeId } from './runtime-ids.js';
import { locateProcessRuntime } from './runtime-locate.js';
import { judgeMatrix, type ColumnResult, type RuntimeMatrixReport } from './runtime-matrix.js';

/** Runs of the runtime-level gate inside each runtime: enough to see a runtime disagree with itself. */
const RUNTIME_RUNS = 2;

export interface RuntimesOptions {
  readonly runtimes: readonly RuntimeId[];
  readonly lockPath: string;
  /** The folder whose package.json lists @abraxas/runtimes (default: this app). */
  readonly appDir?: string;
  /** Replaces running the probe (tests inject runtimes with it). */
  readonly runner?: ProbeRunner;
  readonly env?: NodeJS.ProcessEnv;
}

export async function runRuntimes(options: RuntimesOptions): Promise<RuntimeMatrixReport> {
  const appDir = options.appDir ?? join(repoScenariosDir(), '..');
  const targets: RuntimeTarget[] = [];
  for (const id of options.runtimes) targets.push(id === 'chromium' ? await findChromium(options.env ?? process.env) : locateProcessRuntime(id, appDir));
  const cases = await hostCases(options.lockPath, RUNTIME_RUNS);
  const bundles = await bundleProbes(cases.input, cases.modules);
  const run = options.runner ?? runProbe;
  const columns: ColumnResult[] = [];
  for (const target of targets) columns.push({ id: target.id, source: target.source, output: await run(target, bundles) });
  const node20 = columns.find((c) => c.id === 'node20');
  return judgeMatrix(node20 === undefined ? cases.references : withMerkleReferences(cases.references, node20.output), columns);
}
