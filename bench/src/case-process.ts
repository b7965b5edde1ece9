/**
 * Entry point of one case, run by `run.ts` in a child process of its own (started with
 * `--expose-gc`): `case-process.js <case> <params as JSON>`. Prints the case's report as one line
 * of JSON on stdout; progress goes to stderr. A case process measures one thing, so its memory
 * figures and JIT state are its own.
 * Owns: dispatching a case by name in a child process. Must not: summarise across cases.
 */
import { abraxasTickCase, type AbraxasTickParams } from './cases/abraxas-tick.js';
import { canonicalJsonCase, type CanonicalJsonParams } from './cases/canonical-json.js';
import { artifactLinksCase, type ArtifactLinksParams } from './cases/artifact-links.js';
import { runReadCase, runReadFixtureCase, type RunReadParams } from './cases/run-read.js';
import { runTickCase, type RunTickParams } from './cases/run-tick.js';
import { shadowConcurrencyCase, type ShadowConcurrencyParams } from './cases/shadow-concurrency.js';
import { shadowViewCase, type ShadowViewParams } from './cases/shadow-view.js';
import { storeWritersCase, type StoreWritersParams } from './cases/store-writers.js';
import { traceHashCase, type TraceHashParams } from './cases/trace-hash.js';
import { verifyRunCase, type VerifyRunParams } from './cases/verify-run.js';
import type { CaseReport } from './results.js';

/** The cases a child process can run, with their parameters. */
export interface CaseParams {
  run_tick: RunTickParams;
  trace_hash: TraceHashParams;
  shadow_view: ShadowViewParams;
  shadow_concurrency: ShadowConcurrencyParams;
  canonical_json: CanonicalJsonParams;
  abraxas_tick: AbraxasTickParams;
  verify_run: VerifyRunParams;
  artifact_links: ArtifactLinksParams;
  store_writers: StoreWritersParams;
  run_read_fixture: RunReadParams;
  run_read: RunReadParams;
}

export type CaseName = keyof CaseParams;

async function runCase(name: string, params: unknown): Promise<CaseReport> {
  switch (name) {
    case 'run_tick':
      return runTickCase(params as RunTickParams);
    case 'trace_hash':
      return traceHashCase(params as TraceHashParams);
    case 'shadow_view':
      return shadowViewCase(params as ShadowViewParams);
    case 'shadow_concurrency':
      return shadowConcurrencyCase(params as ShadowConcurrencyParams);
    case 'canonical_json':
      return canonicalJsonCase(params as CanonicalJsonParams);
    case 'abraxas_tick':
      return abraxasTickCase(params as AbraxasTickParams);
    case 'verify_run':
      return verifyRunCase(params as VerifyRunParams);
    case 'artifact_links':
      return artifactLinksCase(params as ArtifactLinksParams);
    case 'store_writers':
      return storeWritersCase(params as StoreWritersParams);
    case 'run_read_fixture':
      return runReadFixtureCase(params as RunReadParams);
    case 'run_read':
      return runReadCase(params as RunReadParams);
    default:
      throw new Error(`case-process: case must be one of run_tick, trace_hash, shadow_view, shadow_concurrency, canonical_json, abraxas_tick, verify_run, artifact_links, store_writers, run_read_fixture, run_read; got ${JSON.stringify(name)}`);
  }
}

const [name = '', json = '{}'] = process.argv.slice(2);
try {
  const report = await runCase(name, JSON.parse(json));
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
