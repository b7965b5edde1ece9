// Shared ESLint flat config.
// - `base(dir)`: strict, type-aware TypeScript rules for every package, typed through the
//   package's `tsconfig.test.json` (sources, tests and config files together).
// - `purity`: the rules that keep @abraxas/ers and @abraxas/viz pure (no IO, no Node builtins,
//   no clock, no randomness, no locale-dependent ordering). ARCHITECTURE.md makes these build failures.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))];

/** @param {string} tsconfigRootDir */
export function base(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'test/fixtures/**'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
  );
}

const forbiddenGlobals = [
  { name: 'Date', message: 'Pure packages must not read the clock (ARCHITECTURE.md: no wall-clock time).' },
  { name: 'performance', message: 'Pure packages must not read the clock.' },
  { name: 'setTimeout', message: 'Pure packages must not use timers.' },
  { name: 'setInterval', message: 'Pure packages must not use timers.' },
  { name: 'setImmediate', message: 'Pure packages must not use timers.' },
  { name: 'Intl', message: 'Locale-dependent behaviour is forbidden in pure packages.' },
  { name: 'process', message: 'Pure packages must not touch the process (no IO, no environment).' },
  { name: 'require', message: 'Pure packages must not load modules dynamically.' },
  { name: 'fetch', message: 'Pure packages must not do IO.' },
];

/** Purity rules for @abraxas/ers and @abraxas/viz source files. */
export const purity = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: nodeBuiltins.map((name) => ({
          name,
          message: 'Pure packages must not import Node builtins (they must run unchanged in a browser).',
        })),
        patterns: [{ group: ['node:*'], message: 'Pure packages must not import Node builtins.' }],
      },
    ],
    'no-restricted-globals': ['error', ...forbiddenGlobals],
    'no-restricted-properties': [
      'error',
      { object: 'Math', property: 'random', message: 'Pure packages must not use randomness.' },
      { object: 'crypto', property: 'getRandomValues', message: 'Pure packages must not use randomness.' },
      { object: 'crypto', property: 'randomUUID', message: 'Pure packages must not use randomness.' },
      { object: 'globalThis', property: 'Date', message: 'Pure packages must not read the clock.' },
      { object: 'globalThis', property: 'performance', message: 'Pure packages must not read the clock.' },
      { object: 'globalThis', property: 'Intl', message: 'Locale-dependent behaviour is forbidden.' },
      { object: 'globalThis', property: 'process', message: 'Pure packages must not touch the process.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[property.name='localeCompare']",
        message: 'localeCompare depends on the locale: compare by code point instead.',
      },
      {
        selector: "MemberExpression[property.name=/^toLocale/]",
        message: 'toLocale* depends on the locale.',
      },
      {
        selector: 'ImportExpression',
        message: 'Pure packages must not load modules dynamically.',
      },
    ],
  },
};

export { tseslint };
