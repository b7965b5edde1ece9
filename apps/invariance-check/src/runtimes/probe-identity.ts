/**
 * Which runtime the probe is running in, as the runtime itself reports it: `bun <version>`,
 * `deno <version>`, `node <version>` or `chromium <version>` (from the user agent). Read from the
 * runtime's globals, never from the host's idea of what it started.
 * Owns: naming the current runtime. Must not: do IO.
 */

interface RuntimeGlobals {
  readonly Bun?: { readonly version: string };
  readonly Deno?: { readonly version: { readonly deno: string } };
  readonly process?: { readonly versions?: { readonly node?: string } };
  readonly navigator?: { readonly userAgent?: string };
}

/** `<name> <version>` of the runtime executing this code. */
export function currentRuntime(): string {
  const g = globalThis as RuntimeGlobals;
  if (g.Bun !== undefined) return `bun ${g.Bun.version}`;
  if (g.Deno !== undefined) return `deno ${g.Deno.version.deno}`;
  const node = g.process?.versions?.node;
  if (node !== undefined) return `node ${node}`;
  const chrome = /(?:HeadlessChrome|Chrome|Chromium)\/([0-9.]+)/.exec(g.navigator?.userAgent ?? '');
  return chrome === null ? 'unknown' : `chromium ${chrome[1] ?? ''}`;
}
