/**
 * The Chromium of the cross-runtime check, chosen by the workspace's one browser finder
 * (`@abraxas/test-browser`: `ABRAXAS_CHROMIUM`, else a system Chromium on PATH, else the one shipped
 * in `@sparticuz/chromium`), with its failures turned into this command's `RuntimeUnavailableError`.
 * Owns: mapping the finder's choice onto a runtime target. Must not: launch the browser.
 */
import { BrowserNotFoundError, findChromium as findWorkspaceChromium } from '@abraxas/test-browser';
import { basename } from 'node:path';
import { RuntimeUnavailableError } from './runtime-errors.js';

export interface BrowserTarget {
  readonly id: 'chromium';
  readonly kind: 'browser';
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Where it came from, for the report (never a machine path). */
  readonly source: string;
}

const HINT = 'set ABRAXAS_CHROMIUM to the absolute path of a Chromium executable, install a system chromium, or run `pnpm install` at the repo root (it brings @sparticuz/chromium)';

/** The Chromium to use, given the environment (`ABRAXAS_CHROMIUM`, `PATH`). */
export async function findChromium(env: NodeJS.ProcessEnv): Promise<BrowserTarget> {
  try {
    const choice = await findWorkspaceChromium({ env });
    const source = choice.source === 'env' ? 'ABRAXAS_CHROMIUM' : choice.source === 'system' ? `system ${basename(choice.executablePath)}` : 'npm @sparticuz/chromium';
    return { id: 'chromium', kind: 'browser', executablePath: choice.executablePath, args: choice.args, source };
  } catch (e) {
    if (e instanceof BrowserNotFoundError) throw new RuntimeUnavailableError('chromium', e.message, HINT);
    throw e;
  }
}
