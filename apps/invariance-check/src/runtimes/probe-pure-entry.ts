/**
 * The probe a browser runs: the pure cases only (a page has no file system). Bundled by
 * probe-bundle.ts for the browser platform, so @abraxas/ers hashes with @noble/hashes there.
 * Owns: the browser probe's entry point. Must not: import anything that does IO.
 */
import { pureCases, type ProbeModules } from './probe-cases.js';
import { currentRuntime } from './probe-identity.js';
import type { ProbeInput, ProbeOutput } from './probe-types.js';

export async function runPureProbe(input: ProbeInput, modules: ProbeModules): Promise<ProbeOutput> {
  return { runtime: currentRuntime(), cells: await pureCases(input, modules) };
}
