// Shared Vitest settings: every package runs its tests the same way, and always writes a JSON
// report (the test task's declared turbo output) that the CI summary line (`N passed, N failed`)
// is computed from.
import { defineConfig, mergeConfig } from 'vitest/config';

/** @param {import('vitest/config').UserConfig} [overrides] */
export function abraxasVitestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 180_000,
        hookTimeout: 180_000,
        reporters: ['default', 'json'],
        outputFile: { json: './.vitest-report.json' },
      },
    }),
    overrides,
  );
}
