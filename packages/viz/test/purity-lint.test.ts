/**
 * The purity rules bite: the package's own ESLint config rejects Node builtins, the clock,
 * randomness and locale-dependent comparison in `src/`, and the real sources pass it.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: packageDir });

const impure = [
  "import { readFileSync } from 'node:fs';",
  "import path from 'path';",
  'export const clock = Date.now() + performance.now();',
  'export const dice = Math.random();',
  "export const order = ['b', 'a'].sort((x, y) => x.localeCompare(y));",
  "export const collator = new Intl.Collator('en');",
  'export const io = [readFileSync, path];',
].join('\n');

async function ruleHits(filePath: string): Promise<string[]> {
  // The text is linted as if it were this (type-checked) file of the package.
  const [result] = await eslint.lintText(impure, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('purity lint', () => {
  it('rejects Node builtins, the clock, randomness and locale in src/', async () => {
    const hits = await ruleHits('src/index.ts');
    const expected: [string, RegExp][] = [
      ['no-restricted-imports', /'node:fs'/],
      ['no-restricted-imports', /'path'/],
      ['no-restricted-globals', /'Date'/],
      ['no-restricted-globals', /'performance'/],
      ['no-restricted-properties', /Math\.random/],
      ['no-restricted-syntax', /localeCompare/],
      ['no-restricted-globals', /'Intl'/],
    ];
    for (const [rule, message] of expected) {
      expect(hits.some((h) => h.startsWith(`${rule}: `) && message.test(h)), `${rule} ${String(message)}`).toBe(true);
    }
  });

  it('leaves tests free to use Node (the rules cover src/ only)', async () => {
    const hits = await ruleHits('test/vectors.ts');
    expect(hits.filter((h) => /^no-restricted-/.test(h))).toEqual([]);
  });

  it('passes on the real sources', async () => {
    const results = await eslint.lintFiles(['src']);
    expect(results.length).toBeGreaterThan(0);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.ruleId ?? 'parse'} ${m.message}`))).toEqual([]);
  });
});
