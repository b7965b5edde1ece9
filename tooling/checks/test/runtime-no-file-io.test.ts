/**
 * Runtime does no file IO of its own: its real lint config refuses a `node:fs` import in its
 * sources, and no source file there imports it today.
 */
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtimeDir = fileURLToPath(new URL('../../../packages/runtime/', import.meta.url));
const FS_IMPORT = /\bfrom\s+['"](node:)?fs(\/promises)?['"]|import\(\s*['"](node:)?fs(\/promises)?['"]\s*\)|require\(\s*['"](node:)?fs/;

describe('packages/runtime/src does no file IO', () => {
  it.each(['fs', 'fs/promises', 'node:fs', 'node:fs/promises'])('its lint config refuses an import of %s in src', async (name) => {
    // The config ESLint resolves for a runtime source file (no parsing, so nothing else can fail first).
    const eslint = new ESLint({ cwd: runtimeDir });
    const config = (await eslint.calculateConfigForFile(`${runtimeDir}src/index.ts`)) as { rules?: Record<string, unknown> };
    const rule = config.rules?.['no-restricted-imports'] as [unknown, { paths?: { name: string }[] }] | undefined;
    expect(rule?.[0] === 2 || rule?.[0] === 'error').toBe(true);
    expect(rule?.[1].paths?.map((p) => p.name)).toContain(name);
  });

  it('no source file imports node:fs', () => {
    const files = readdirSync(`${runtimeDir}src`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => FS_IMPORT.test(readFileSync(`${runtimeDir}src/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
