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
  it.each(["import { readFile } from 'node:fs/promises';", "import { readFileSync } from 'fs';", "import * as fs from 'node:fs';"])(
    'its lint config refuses %s',
    async (line) => {
      const eslint = new ESLint({ cwd: runtimeDir });
      const [result] = await eslint.lintText(`${line}\nexport const x = typeof fs;\n`, { filePath: `${runtimeDir}src/index.ts` });
      expect((result?.messages ?? []).map((m) => m.ruleId)).toContain('no-restricted-imports');
    },
  );

  it('no source file imports node:fs', () => {
    const files = readdirSync(`${runtimeDir}src`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => FS_IMPORT.test(readFileSync(`${runtimeDir}src/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
