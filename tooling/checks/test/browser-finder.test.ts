/**
 * The browser tests' Chromium is found, never skipped: `ABRAXAS_CHROMIUM` first, then a Chromium
 * on the PATH, otherwise the one shipped in @sparticuz/chromium, unpacked safely even when two
 * processes unpack it at once.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BrowserNotFoundError, findChromium, launchChromium } from '@abraxas/test-browser';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'abraxas-browser-finder-'));
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

/** An executable file named `name` in a fresh folder. */
function fakeExecutable(folder: string, name: string): string {
  const dir = join(work, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChromium', () => {
  it('takes ABRAXAS_CHROMIUM first, over a Chromium on the PATH', async () => {
    const explicit = fakeExecutable('explicit', 'my-chrome');
    const system = fakeExecutable('bin-a', 'chromium');
    const choice = await findChromium({ env: { ABRAXAS_CHROMIUM: explicit, PATH: join(system, '..') } });
    expect(choice).toMatchObject({ source: 'env', executablePath: explicit });
  });

  it('refuses an ABRAXAS_CHROMIUM that is not an executable file, naming the variable', async () => {
    const missing = join(work, 'no-such-chrome');
    await expect(findChromium({ env: { ABRAXAS_CHROMIUM: missing } })).rejects.toThrow(BrowserNotFoundError);
    await expect(findChromium({ env: { ABRAXAS_CHROMIUM: missing } })).rejects.toThrow(/findChromium: ABRAXAS_CHROMIUM must be the absolute path of an executable file/);
    const notExecutable = join(work, 'plain-file');
    writeFileSync(notExecutable, 'not a browser');
    await expect(findChromium({ env: { ABRAXAS_CHROMIUM: notExecutable } })).rejects.toThrow(/ABRAXAS_CHROMIUM/);
    await expect(findChromium({ env: { ABRAXAS_CHROMIUM: 'chromium' } })).rejects.toThrow(/absolute path/);
  });

  it('takes a Chromium on the PATH when no variable is set', async () => {
    const system = fakeExecutable('bin-b', 'chromium-browser');
    const choice = await findChromium({ env: { PATH: `${join(work, 'empty')}:${join(system, '..')}` } });
    expect(choice).toMatchObject({ source: 'system', executablePath: system });
  });

  it('with no browser on the machine, unpacks the shipped one once, even with two processes at once, and it renders', async () => {
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    // Two processes race to unpack into the same empty temp folder: both must get the finished binary.
    const finder = fileURLToPath(import.meta.resolve('@abraxas/test-browser'));
    const script = `import { findChromium } from ${JSON.stringify(finder)}; const c = await findChromium({ env: { PATH: '' }, tmp: ${JSON.stringify(tmp)} }); process.stdout.write(c.executablePath);`;
    const race = async (): Promise<string> => (await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script])).stdout;
    const [a, b] = await Promise.all([race(), race()]);
    expect(a).toBe(b);
    expect(a).toMatch(/abraxas-chromium-[\d.]+-\d+\/chromium$/);
    // Only the finished folder is left: no staging folder, no half-written binary.
    expect(readdirSync(tmp)).toEqual([a.split('/').at(-2)]);
    expect(execFileSync(a, ['--version'], { encoding: 'utf8' })).toMatch(/Chromium \d+/);

    const browser = await launchChromium({ env: { PATH: '' }, tmp });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p">rendered</p>');
      expect(await page.locator('#p').innerText()).toBe('rendered');
    } finally {
      await browser.close();
    }
  });
});
