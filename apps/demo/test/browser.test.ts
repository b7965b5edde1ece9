import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@abraxas/test-browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROMOTION_POLICY } from '@abraxas/ers/promotion';
import { runDemo, type DemoSummary } from '../src/demo.js';
import { tempDir } from './support/cli.js';

/** The bits of an SVG element the assertions read (the test compiles without the DOM library). */
interface SvgNode {
  getBBox(): { x: number; y: number; width: number; height: number };
  getAttribute(name: string): string | null;
}

const SCREENSHOT = fileURLToPath(new URL('../test-artifacts/report.png', import.meta.url));
const TICKS = 24;

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let summary: DemoSummary;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    summary = await runDemo({ out: await tempDir('browser'), ticks: TICKS, seed: 7, runId: 'demo', mode: 'demo', fsync: false });
    // ABRAXAS_CHROMIUM, else a system Chromium, else the one shipped in @sparticuz/chromium: never skipped.
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(summary.paths.report).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser.close();
  });

  it('draws a column per tick in the timeline, the budget chart and the matrix', async () => {
    expect(await page.locator('#timeline-chart g.tick-col').count()).toBe(TICKS);
    expect(await page.locator('#budget-chart g.tick-col').count()).toBe(TICKS * 2);
    expect(await page.locator('#matrix-chart g.tick-col').count()).toBe(TICKS);
    const ticks = await page.locator('#timeline-chart g.tick-col').evaluateAll((els: unknown[]) => els.map((e) => Number((e as SvgNode).getAttribute('data-tick'))));
    expect(ticks).toEqual(Array.from({ length: TICKS }, (_, i) => i));
  });

  it('draws each lane\'s budget box and events in every tick, with visible size', async () => {
    for (const lane of ['forecast', 'shadow']) {
      const boxes = await page.locator(`#timeline-chart rect.avail[data-lane="${lane}"]`).evaluateAll((els: unknown[]) =>
        els.map((e) => (e as SvgNode).getBBox().height),
      );
      expect(boxes.length).toBe(TICKS);
      expect(boxes.every((h) => h > 20)).toBe(true);
      const spent = await page.locator(`#budget-chart rect.spent[data-lane="${lane}"]`).evaluateAll((els: unknown[]) =>
        els.map((e) => (e as SvgNode).getBBox().height),
      );
      expect(spent.length).toBe(TICKS);
      expect(spent.every((h) => h > 0)).toBe(true);
    }
    // Forecast spends 30 of 50 ops on a normal tick and 20 when overlay is skipped (tick 5).
    const h = (tick: number) =>
      page.locator(`#budget-chart rect.spent[data-lane="forecast"][data-tick="${tick}"]`).evaluate((e: unknown) => (e as SvgNode).getBBox().height);
    expect((await h(5)) / (await h(0))).toBeCloseTo(20 / 30, 2);
  });

  it('draws a skipped task past its lane\'s budget line, and marks errors and skips', async () => {
    const col = page.locator('#timeline-chart g.tick-col[data-tick="5"]');
    const skipTop = await col.locator('rect.ev[data-status="skipped_budget"]').evaluate((e: unknown) => (e as SvgNode).getBBox().y);
    const line = await col.locator('line.budget-line[data-lane="forecast"]').evaluate((e: unknown) => Number((e as SvgNode).getAttribute('y1')));
    expect(skipTop).toBeLessThan(line); // 42 ops needed, 30 left: it sticks out above the budget
    expect(await page.locator('#timeline-chart text.marker[data-status="error"]').count()).toBe(3);
    expect(await page.locator('#timeline-chart text.marker[data-status="skipped_budget"]').count()).toBe(4);
    expect(await page.locator('#matrix-chart text.glyph[data-status="error"]').count()).toBe(3);
    expect(await page.locator('#matrix-chart text.glyph[data-status="skipped_budget"]').count()).toBe(4);
    expect(await page.locator('#matrix-chart rect.cell').count()).toBe(TICKS * 8); // 3 steps, 3 shadow tasks, 2 metrics
    expect(await page.locator('table.incidents tbody tr').count()).toBe(7);
    await expect.poll(() => page.locator('.card.bad dd').first().innerText()).toMatch(/^3/);
  });

  it('shows a tick\'s events when its column is clicked', async () => {
    await page.locator('#timeline-chart g.tick-col[data-tick="11"]').click();
    const details = page.locator('#details');
    expect(await details.getAttribute('data-selected-tick')).toBe('11');
    const text = await details.innerText();
    expect(text).toContain('Tick 11 — 8 events, 1 error, 1 skip');
    expect(text).toContain('oracle:overlay');
    expect(text).toMatch(/DropoutError: zero samples/);
    expect(text).toMatch(/burst_load shadow hold: trace drifted across the invariance runs/);
    expect(await page.locator('g.tick-col.selected').count()).toBe(5); // timeline, two budget lanes, matrix, promotion
    await mkdir(fileURLToPath(new URL('../test-artifacts/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('draws a stage timeline row per metric, a cell per tick, coloured by the stage the tick ran it at', async () => {
    const rows = await page.locator('#promotion-chart g.stage-row').evaluateAll((els: unknown[]) =>
      els.map((e) => [(e as SvgNode).getAttribute('data-metric'), (e as SvgNode).getAttribute('data-final')]),
    );
    expect(rows).toEqual([
      ['burst_load', 'shadow'],
      ['volatility', 'promoted'],
    ]);
    expect(await page.locator('#promotion-chart g.tick-col').count()).toBe(TICKS);
    const stages = async (metric: string): Promise<string[]> =>
      page.locator(`#promotion-chart rect.stage-cell[data-metric="${metric}"]`).evaluateAll((els: unknown[]) =>
        els.map((e) => {
          const box = (e as SvgNode).getBBox();
          return box.width > 4 && box.height > 10 ? ((e as SvgNode).getAttribute('data-stage') ?? '') : 'invisible';
        }),
      );
    // The default policy's windows: 1 qualifying tick as a candidate, 6 in shadow, 6 as a canary.
    const p = DEFAULT_PROMOTION_POLICY;
    const toCanary = (p.candidate.promote_after ?? 0) + (p.shadow.promote_after ?? 0); // runs as a canary from tick 7
    const toPromoted = toCanary + (p.canary.promote_after ?? 0); // promoted from tick 13
    const volatility = Array.from({ length: TICKS }, (_, t) => (t === 0 ? 'candidate' : t < toCanary ? 'shadow' : t < toPromoted ? 'canary' : 'promoted'));
    expect(await stages('volatility')).toEqual(volatility);
    expect(await stages('burst_load')).toEqual(Array.from({ length: TICKS }, (_, t) => (t === 0 ? 'candidate' : 'shadow')));
    const marks = async (metric: string, decision: string): Promise<number> =>
      page.locator(`#promotion-chart text.stage-mark.mk-${decision}[data-metric="${metric}"]`).count();
    expect(await marks('volatility', 'promote')).toBe(3);
    expect(await marks('burst_load', 'promote')).toBe(1);
    expect(await marks('burst_load', 'hold')).toBe(4); // the drift ticks 5, 11, 17, 23 reset its window
    await expect.poll(() => page.locator('.card dt', { hasText: 'Metrics promoted' }).locator('xpath=..').locator('dd').innerText()).toMatch(/^1\s*of 2/);
  });

  it('fits a 420 px wide viewport without scrolling the page sideways (the charts scroll in their own boxes)', async () => {
    const narrow = await browser.newPage({ viewport: { width: 420, height: 900 } });
    try {
      await narrow.goto(pathToFileURL(summary.paths.report).href, { waitUntil: 'load' });
      const widths = await narrow.evaluate(
        'JSON.stringify({ scroll: document.scrollingElement.scrollWidth, footer: document.querySelector("footer").scrollWidth })',
      );
      const { scroll, footer } = JSON.parse(widths as string) as { scroll: number; footer: number };
      expect(scroll).toBeLessThanOrEqual(420);
      expect(footer).toBeLessThanOrEqual(420);
      // The hash is still there in full, wrapped rather than cut.
      expect(await narrow.locator('footer').innerText()).toContain(summary.verify.root_hash);
    } finally {
      await narrow.close();
    }
  });

  it('logs no console error and makes no network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(summary.paths.report).href]);
  });
});
