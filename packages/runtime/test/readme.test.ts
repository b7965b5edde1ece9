import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/fs.js';

describe('README', () => {
  it('the promotion example prints what its comments say (run against the built package)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /### Example: promoting a metric\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(example).toContain("from '@abraxas/runtime'");
    const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', example.replace("from '@abraxas/runtime'", `from '${dist}'`)], {
      cwd: await tempDir('readme'),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The block of `// …` lines after the loop, then the replay line's trailing comment.
    const promised = [...example.matchAll(/^\/\/ (\d.*)$/gm)].map((m) => m[1]);
    const replay = /console\.log\(replay[^\n]*\/\/ (.*)$/m.exec(example)?.[1];
    expect(promised).toHaveLength(8);
    expect(r.stdout.trim().split('\n')).toEqual([...promised, replay]);
  });
});
