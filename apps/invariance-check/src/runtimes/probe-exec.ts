/**
 * Running the probe in one runtime: Node, Bun and Deno as a child process on the node bundle
 * (written to a fresh temporary folder, which is also the working folder; the process's stdout is
 * one JSON line), Chromium through playwright-core on the browser bundle in a blank page. A runtime
 * that fails to start, exits non-zero, prints no valid output or reports a different version than
 * its pin is an error naming the runtime, never a skipped column.
 * Owns: starting runtimes and collecting their output. Must not: judge the output.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserTarget } from './chromium.js';
import { BROWSER_RESULT_GLOBAL, type ProbeBundles } from './probe-bundle.js';
import type { ProbeOutput } from './probe-types.js';
import { RuntimeUnavailableError } from './runtime-errors.js';
import type { ProcessTarget } from './runtime-locate.js';

export type RuntimeTarget = ProcessTarget | BrowserTarget;

/** Runs the probe in `target`; the seam tests replace to inject a runtime. */
export type ProbeRunner = (target: RuntimeTarget, bundles: ProbeBundles) => Promise<ProbeOutput>;

/** How long one runtime may take before it is called hung. */
const TIMEOUT_MS = 300_000;

export const runProbe: ProbeRunner = async (target, bundles) => {
  const output = target.kind === 'process' ? await runProcess(target, bundles.node) : await runBrowser(target, bundles.browser);
  checkOutput(target, output);
  return output;
};

function checkOutput(target: RuntimeTarget, output: unknown): asserts output is ProbeOutput {
  const o = output as Partial<ProbeOutput> | null;
  if (o === null || typeof o !== 'object' || typeof o.runtime !== 'string' || !Array.isArray(o.cells)) {
    throw new RuntimeUnavailableError(target.id, 'the probe returned no report', 'run it by hand to see why');
  }
  if (target.kind === 'process') {
    if (o.runtime !== target.expect) throw new RuntimeUnavailableError(target.id, `it reports itself as ${o.runtime}, not ${target.expect}`, 'reinstall with `pnpm install` so the pinned version is the one that runs');
  } else if (!o.runtime.startsWith('chromium ')) {
    throw new RuntimeUnavailableError(target.id, `the page reports itself as ${o.runtime}, not Chromium`, 'set ABRAXAS_CHROMIUM to a Chromium executable');
  }
}

async function runProcess(target: ProcessTarget, bundle: string): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), `abraxas-probe-${target.id}-`));
  try {
    const file = join(dir, 'probe.mjs');
    await writeFile(file, bundle);
    const { code, stdout, stderr } = await spawnCollect(target.command, [...target.args, file], dir);
    if (code !== 0) {
      throw new RuntimeUnavailableError(target.id, `the probe exited with ${code === null ? 'a signal' : `code ${String(code)}`}: ${lastLines(stderr)}`, 'this is a failure of the runtime or of the probe, not a hash difference');
    }
    const line = stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new RuntimeUnavailableError(target.id, `the probe printed no JSON report: ${lastLines(stdout || stderr)}`, 'run it by hand to see why');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ') || '(no output)';
}

function spawnCollect(command: string, args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

async function runBrowser(target: BrowserTarget, bundle: string): Promise<unknown> {
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath: target.executablePath, args: [...target.args], headless: true, timeout: TIMEOUT_MS });
  } catch (e) {
    throw new RuntimeUnavailableError('chromium', `the browser (${target.source}) did not start: ${e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e)}`, 'set ABRAXAS_CHROMIUM to a working Chromium executable');
  }
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    return await page.evaluate((name) => (globalThis as unknown as Record<string, unknown>)[name], BROWSER_RESULT_GLOBAL);
  } finally {
    await browser.close();
  }
}
