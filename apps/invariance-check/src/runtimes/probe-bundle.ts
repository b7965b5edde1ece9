/**
 * Bundles the probe with esbuild, once per platform: for `node` (run by Node, Bun and Deno: the
 * `node` export condition, so @abraxas/ers hashes with node:crypto) and for `browser` (the default
 * condition: @noble/hashes). The input and every scenario module are compiled into the bundle, so
 * each runtime runs one self-contained file with nothing to resolve. The node bundle prints the
 * probe's output as one JSON line; the browser bundle leaves its promise in a global.
 * Owns: building the probe bundles. Must not: run them.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoScenariosDir } from '../repo-paths.js';
import type { ProbeInput } from './probe-types.js';

/** The global the browser bundle leaves its promise of a ProbeOutput in. */
export const BROWSER_RESULT_GLOBAL = '__abraxasRuntimeProbe';

export interface ProbeBundles {
  /** ESM source for Node, Bun and Deno: prints one JSON line. */
  readonly node: string;
  /** A classic script for a browser page. */
  readonly browser: string;
}

/** The app's folder (the scenarios folder's parent), in source and in dist alike. */
function appDir(): string {
  return join(repoScenariosDir(), '..');
}

/** Bundles both probes for `input`; `modules` maps module keys to scenario module files. */
export async function bundleProbes(input: ProbeInput, modules: Readonly<Record<string, string>>): Promise<ProbeBundles> {
  const dir = join(appDir(), 'src', 'runtimes');
  const keys = Object.keys(modules).sort();
  const imports = keys.map((k, i) => `import * as m${String(i)} from ${JSON.stringify(modules[k])};`).join('\n');
  const table = `{ ${keys.map((k, i) => `${JSON.stringify(k)}: m${String(i)}`).join(', ')} }`;
  const data = `const input = ${JSON.stringify(input)};`;
  const node = `import { runFullProbe } from ${JSON.stringify(join(dir, 'probe-full-entry.ts'))};\n${imports}\n${data}\nconsole.log(JSON.stringify(await runFullProbe(input, ${table})));\n`;
  const browser = `import { runPureProbe } from ${JSON.stringify(join(dir, 'probe-pure-entry.ts'))};\n${imports}\n${data}\nglobalThis[${JSON.stringify(BROWSER_RESULT_GLOBAL)}] = runPureProbe(input, ${table});\n`;
  const [n, b] = await Promise.all([
    bundle(node, 'node', 'esm'),
    bundle(browser, 'browser', 'iife'),
  ]);
  return { node: n, browser: b };
}

async function bundle(contents: string, platform: 'node' | 'browser', format: 'esm' | 'iife'): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: appDir(), loader: 'ts', sourcefile: `runtime-probe-${platform}.ts` },
    bundle: true,
    write: false,
    platform,
    format,
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
    // CommonJS dependencies that call require() get a real one (Node, Bun and Deno all have node:module).
    ...(platform === 'node' ? { banner: { js: "import { createRequire as __abraxasCreateRequire } from 'node:module'; const require = __abraxasCreateRequire(import.meta.url);" } } : {}),
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}
