/**
 * The purity rules of ARCHITECTURE.md (no Node builtins, clock, timers, randomness, locale or dynamic
 * loading in @abraxas/ers and @abraxas/viz) are lint errors, and both packages' real lint configs
 * apply them to their sources. Each fixture under fixtures/purity names the rule it must trip.
 */
import { purity, tseslint } from '@abraxas/eslint-config';
import { ESLint } from 'eslint';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixturesDir = fileURLToPath(new URL('./fixtures/purity/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.ts'));

const linter = new ESLint({
  cwd: fixturesDir,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, { ...purity, files: ['**/*.ts'] }],
});

describe('purity rules bite', () => {
  it('has a fixture for every rule', () => {
    const rules = new Set(fixtures.map((f) => /expect: (\S+)/.exec(readFileSync(fixturesDir + f, 'utf8'))?.[1]));
    expect([...rules].sort()).toEqual([
      '(none)',
      'no-restricted-globals',
      'no-restricted-imports',
      'no-restricted-properties',
      'no-restricted-syntax',
    ]);
  });

  it.each(fixtures)('%s', async (file) => {
    const text = readFileSync(fixturesDir + file, 'utf8');
    const expected = /expect: (\S+)/.exec(text)?.[1];
    const [result] = await linter.lintText(text, { filePath: `${fixturesDir}src/${file}` });
    const ruleIds = (result?.messages ?? []).map((m) => m.ruleId);
    if (expected === '(none)') {
      expect(result?.messages).toEqual([]);
    } else {
      expect(ruleIds).toContain(expected);
      expect(result?.errorCount).toBeGreaterThan(0);
    }
  });
});

describe.each(['packages/ers', 'packages/viz'])('%s applies the purity rules to its sources', (pkg) => {
  it('every purity rule is an error for src/**/*.ts in the package’s own lint config', async () => {
    const eslint = new ESLint({ cwd: repoRoot + pkg });
    const config = (await eslint.calculateConfigForFile(`${repoRoot}${pkg}/src/index.ts`)) as {
      rules: Record<string, unknown[]>;
    };
    for (const rule of Object.keys(purity.rules)) {
      expect(config.rules[rule]?.[0], rule).toBe(2);
    }
  });
});
