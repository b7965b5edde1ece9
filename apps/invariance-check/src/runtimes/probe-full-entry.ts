/**
 * The probe Node, Bun and Deno run: the pure cases, then the runtime-level (file IO) cases.
 * Bundled by probe-bundle.ts for the node platform, so @abraxas/ers hashes with the runtime's own
 * node:crypto there (OpenSSL in Node, BoringSSL in Bun, Rust in Deno).
 * Owns: the probe's entry point for runtimes with a file system. Must not: print (the bundle does).
 */
import { pureCases, type ProbeModules } from './probe-cases.js';
import { currentRuntime } from './probe-identity.js';
import { ioCases } from './probe-io.js';
import type { ProbeInput, ProbeOutput } from './probe-types.js';

export async function runFullProbe(input: ProbeInput, modules: ProbeModules): Promise<ProbeOutput> {
  return { runtime: currentRuntime(), cells: [...(await pureCases(input, modules)), ...(await ioCases(input))] };
}
