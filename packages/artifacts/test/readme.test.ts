import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/fs.js';

describe('README', () => {
  it('has a runnable example (run against the built package)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(example).toContain("from '@abraxas/artifacts'");
    const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;
    const code = example.replace("from '@abraxas/artifacts'", `from '${dist}'`);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: tempDir(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^artifacts\/viz\/RUN-001\/000000\.trendpack\.json [0-9a-f]{64}$/);
    expect(lines[1]).toMatch(/^true [0-9a-f]{64}$/);
    expect(lines[2]).toBe('true');
  });
});
