/**
 * Test helpers for running @abraxas/viz as a browser would: an esbuild browser-platform bundle
 * (with @abraxas/ers bundled in) and a bare `node:vm` realm to evaluate it in.
 * Owns: bundling and the sandbox. Must not: assert anything (the tests do).
 */
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (resolved from the package folder) for the browser as an IIFE setting `globalName`. */
export async function bundleForBrowser(
  contents: string,
  globalName: string,
  alias: Record<string, string> = {},
): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents, resolveDir: packageDir, sourcefile: 'browser-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName,
    target: 'es2022',
    alias,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild wrote no output');
  return { code: file.text, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * A UTF-8 `TextEncoder` defined inside the sandbox realm (browsers provide one; a bare vm realm has
 * only the ECMAScript built-ins), so the bytes it returns are that realm's own `Uint8Array`s.
 */
const textEncoderSource = `
globalThis.TextEncoder = class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    const out = [];
    for (const ch of String(input)) {
      const c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }
};`;

/** A bare realm: ECMAScript built-ins plus a TextEncoder, nothing from Node. */
export function browserLikeRealm(globals: Record<string, unknown> = {}): vm.Context {
  const context = vm.createContext({ ...globals });
  vm.runInContext(textEncoderSource, context);
  return context;
}

