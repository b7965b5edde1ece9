/** The README's example runs as written against the built package and the test server. */
import { verifyRun } from '@abraxas/artifacts';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, pgUrl } from './support/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'abraxas-pg-readme-'));
const schema = freshSchema('readme');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

describe('README', () => {
  it('has a runnable example', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /## Example\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;
    const code = example
      .replace("from '@abraxas/artifacts-postgres'", `from '${dist}'`)
      .replace("'postgres://abraxas:secret@db.internal:5432/ledger'", JSON.stringify(pgUrl()))
      .replace("schema: 'abraxas'", `schema: '${schema}'`);
    expect(code).toContain(dist);
    expect(code).not.toContain('db.internal');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // sha256 of the canonical bytes {"tick":0}.
    expect(lines[0]).toBe(createHash('sha256').update('{"tick":0}').digest('hex'));
    expect(lines[1]).toMatch(/^true [0-9a-f]{64}$/);
    expect((await verifyRun(join(dir, 'artifacts'), 'RUN-001')).ok).toBe(true);
  });
});
