// Shared Vitest settings: every package runs its tests the same way, and writes a JSON report
// that the CI summary line (`N passed, N failed`) is computed from.
import { defineConfig, mergeConfig } from 'vitest/config';

/** @param {import('vitest/config').UserConfig} [overrides] */
export function abraxasVitestConfig(overrides = {}) {
  const reportToJson = process.env.ABRAXAS_VITEST_JSON === '1';
  return mergeConfig(
    defineConfig({
      test: {
        include: ['test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 60_000,
        hookTimeout: 60_000,
        reporters: reportToJson ? ['default', 'json'] : ['default'],
        outputFile: reportToJson ? { json: './.vitest-report.json' } : undefined,
      },
    }),
    overrides,
  );
}
