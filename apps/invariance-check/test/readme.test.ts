import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, runCli } from './support/cli.js';

const readme = readFileSync(join(APP_DIR, 'README.md'), 'utf8');
// The module example imports @abraxas/ers, so the examples are written inside this app (in its
// git-ignored test-artifacts folder), where that import resolves.
const OUT = join(APP_DIR, 'test-artifacts', 'readme');
mkdirSync(OUT, { recursive: true });

/** The first fenced block of `lang` after `marker`. */
function block(marker: string, lang: string): string {
  const from = readme.indexOf(marker);
  expect(from).toBeGreaterThan(-1);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(from));
  if (m?.[1] === undefined) throw new Error(`no ${lang} block after ${marker}`);
  return m[1];
}

describe('README examples', () => {
  it('quotes the exact output of bare `pnpm invariance`', async () => {
    expect((await runCli([])).stdout).toBe(block('Bare `pnpm invariance` prints', 'text'));
  });

  it('the declarative scenario example is valid and behaves as its description says', async () => {
    const file = join(OUT, 'readme-example.json');
    writeFileSync(file, block('**Declarative JSON**', 'json'));
    const r = await runCli([file, '--json', '--runs', '3']);
    const [s] = (JSON.parse(r.stdout) as { scenarios: { id: string; status: string; divergences: { run: number; paths: string[] }[] }[] }).scenarios;
    expect(s?.id).toBe('my-scenario');
    // Run 1 makes t1 throw (status differs at event 0); run 2 leaves t2 out, so s1 moves up to event 1.
    expect(s?.status).toBe('drift');
    expect(s?.divergences.map((d) => [d.run, d.paths])).toEqual([
      [1, ['status']],
      [2, ['cost_ops', 'lane', 'meta.reason', 'meta.tags', 'status', 'task']],
    ]);
  });

  it('the module example runs and passes', async () => {
    const file = join(OUT, 'readme-example.ts');
    writeFileSync(file, block('**Modules**', 'ts'));
    const r = await runCli([file, '--runs', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenario: my-pipeline \(apps\/invariance-check\/test-artifacts\/readme\/readme-example\.ts\)\nERS INVARIANCE: PASS\n/);
  });
});
