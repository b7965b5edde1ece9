import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, verifyRun } from '@abraxas/artifacts';
import { runDemo } from '../src/demo.js';
import { renderReport } from '../src/report/render.js';
import { tempDir } from './support/cli.js';

describe('report.html', () => {
  it('is the same bytes for the same run, in any folder', async () => {
    const a = await runDemo({ out: await tempDir('rep-a'), ticks: 10, seed: 3, runId: 'r', mode: 'm', fsync: false });
    const b = await runDemo({ out: join(await tempDir('rep-b'), 'x', 'y'), ticks: 10, seed: 3, runId: 'r', mode: 'm', fsync: false });
    const ha = await readFile(a.paths.report);
    expect(ha.equals(await readFile(b.paths.report))).toBe(true);
    // And rendering the fold again gives the file's bytes.
    const again = renderReport({ fold: a.fold, runId: 'r', mode: 'm', seed: 3, rootHash: a.verify.root_hash, verified: a.verify.ok, errors: a.errors, promotion: a.promotion, results: a.results, stability: a.stability, header: a.header });
    expect(again).toBe(ha.toString('utf8'));
  });

  it('shows the sealed results of the chosen tick and the sealed reproducibility verdict', async () => {
    const out = await tempDir('rep-sealed');
    const s = await runDemo({ out, ticks: 4, seed: 7, runId: 'demo', mode: 'demo', fsync: false, showTick: 2 });
    expect(s.stability.record).toMatchObject({ verdict: 'reproducible', runs: 3, first_mismatch_index: null });
    expect(s.stability.record.hashes).toEqual([s.stability.record.expected_hash, s.stability.record.expected_hash, s.stability.record.expected_hash]);
    expect(s.results.tick).toBe(2);
    const html = await readFile(s.paths.report, 'utf8');
    expect(html).toContain('<h2>Sealed results of tick 2</h2>');
    for (const task of Object.keys(s.results.results)) expect(html).toContain(`<td><code>${task}</code></td>`);
    expect(html).toContain(`sealed in the run as <code>${s.stability.ref}</code>`);
    expect(html).toContain('✓ reproducible');
    // The verdict and the results are records of the run: listed, and verifyRun checks them.
    const kinds = new Set((await readManifest(out, 'demo')).records.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['trendpack', 'runindex', 'promotion', 'results', 'stability', 'header']));
    expect((await verifyRun(out, 'demo')).ok).toBe(true);
  });

  it('shows the sealed run header: its fingerprint, the package versions that wrote the run, its budgets and policy', async () => {
    const out = await tempDir('rep-header');
    const s = await runDemo({ out, ticks: 2, seed: 11, runId: 'demo', mode: 'demo', fsync: false });
    const pkg = (name: string): string => (JSON.parse(readFileSync(new URL(`../../../packages/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
    expect(s.header).toMatchObject({ schema: 'RunHeader.v0', run_id: 'demo', fingerprint: 'demo seed 11' });
    expect(s.header.packages['@abraxas/runtime']).toBe(pkg('runtime'));
    expect(s.header.promotion).not.toBeNull();
    // The header is the one sealed in the run (listed at tick 0, cited by every RunIndex).
    const listed = (await readManifest(out, 'demo')).records.filter((r) => r.kind === 'header');
    expect(listed.map((r) => r.path)).toEqual(['header/demo/run.header.json']);
    expect(JSON.parse(await readFile(join(out, 'header', 'demo', 'run.header.json'), 'utf8'))).toEqual(s.header);
    const html = await readFile(s.paths.report, 'utf8');
    expect(html).toContain('<h2>Run header</h2>');
    expect(html).toContain('<tr><th>Fingerprint</th><td><code>demo seed 11</code></td></tr>');
    expect(html).toContain(`<code>@abraxas/runtime</code> ${pkg('runtime')}`);
    expect(html).toContain('<tr><th>Budgets</th><td>forecast 50 ops, 0 entropy');
  });

  it('is self-contained: no external reference, and a policy that forbids the network', async () => {
    const s = await runDemo({ out: await tempDir('rep'), ticks: 6, seed: 7, runId: 'demo', mode: 'demo', fsync: false });
    const html = await readFile(s.paths.report, 'utf8');
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).toContain(s.verify.root_hash);
    // Ticks 0-5 hold one error (tick 3) and one skip (tick 5): counted in the singular.
    expect(html).toContain('1 <small class="sub">in 1 tick</small>');
    expect(html).not.toMatch(/in 1 ticks/);
  });

  it('escapes text from the run: a hostile mode cannot inject markup or close the data script', async () => {
    const mode = '</script><img src=x onerror=alert(1)>&"\'';
    const s = await runDemo({ out: await tempDir('rep-x'), ticks: 2, seed: 7, runId: 'demo', mode, fsync: false });
    const html = await readFile(s.paths.report, 'utf8');
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)?.length).toBe(2); // the data element and the script element
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;');
  });

  it('draws one column per tick in every chart and lists every error and skip', async () => {
    const s = await runDemo({ out: await tempDir('rep'), ticks: 24, seed: 7, runId: 'demo', mode: 'demo', fsync: false });
    const html = await readFile(s.paths.report, 'utf8');
    // The budget chart has a column group per lane.
    for (const [chart, columns] of [['timeline-chart', 24], ['budget-chart', 48], ['matrix-chart', 24], ['promotion-chart', 24]] as const) {
      const svg = html.slice(html.indexOf(`id="${chart}"`), html.indexOf('</svg>', html.indexOf(`id="${chart}"`)));
      expect(svg.match(/<g class="tick-col" data-tick="\d+">/g)?.length, chart).toBe(columns);
    }
    // Documented schedule: dropout fails at 3, 11, 19; overlay is skipped at 5, 11, 17, 23.
    const rows = [...html.matchAll(/<tr class="incident" data-tick="(\d+)" data-status="([a-z_]+)">/g)].map((m) => `${m[1] ?? ''}:${m[2] ?? ''}`);
    expect(rows).toEqual(['3:error', '5:skipped_budget', '11:skipped_budget', '11:error', '17:skipped_budget', '19:error', '23:skipped_budget']);
    expect(html).toContain('DropoutError: zero samples from index');
  });
});
