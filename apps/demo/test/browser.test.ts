import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
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
    expect(await page.locator('#matrix-chart rect.cell').count()).toBe(TICKS * 6);
    expect(await page.locator('table.incidents tbody tr').count()).toBe(7);
    await expect.poll(() => page.locator('.card.bad dd').first().innerText()).toMatch(/^3/);
  });

  it('shows a tick\'s events when its column is clicked', async () => {
    await page.locator('#timeline-chart g.tick-col[data-tick="11"]').click();
    const details = page.locator('#details');
    expect(await details.getAttribute('data-selected-tick')).toBe('11');
    const text = await details.innerText();
    expect(text).toContain('Tick 11 — 6 events, 1 error, 1 skip');
    expect(text).toContain('oracle:overlay');
    expect(text).toMatch(/DropoutError: zero samples/);
    expect(await page.locator('g.tick-col.selected').count()).toBe(4); // timeline, two budget lanes, matrix
    await mkdir(fileURLToPath(new URL('../test-artifacts/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('logs no console error and makes no network request', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(summary.paths.report).href]);
  });
});
