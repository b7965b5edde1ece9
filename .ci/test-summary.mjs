#!/usr/bin/env node
// Prints one line `N passed, N failed` with the totals of every package's Vitest JSON report
// (tooling/vitest always writes it). Exits 1 when a report is missing for a package that has
// tests, so a suite that silently did not run cannot pass as green. Failed tests are listed by
// package, file and name just above that line, so the end of a CI log says what failed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
const missing = [];
const failures = [];
const packageDirs = [
  ...['packages', 'apps', 'tooling'].flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`)),
  'bench',
];
for (const rel of packageDirs) {
  const dir = join(root, rel);
  if (!existsSync(join(dir, 'vitest.config.ts'))) continue;
  const report = join(dir, '.vitest-report.json');
  if (!existsSync(report)) {
    missing.push(rel);
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  for (const file of r.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const message = String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      // Vitest's report gives a timeout no message of its own, only its duration.
      const seconds = `after ${(Number(test.duration ?? 0) / 1000).toFixed(1)} s`;
      failures.push(`FAILED ${rel}/${relative(dir, file.name)} > ${test.fullName} (${seconds})\n  ${message}`);
    }
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') {
      failures.push(`FAILED ${rel}/${relative(dir, file.name)} (the file did not run)\n  ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
  }
}
for (const line of failures) console.log(line);
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(missing.length > 0 || failed > 0 ? 1 : 0);
